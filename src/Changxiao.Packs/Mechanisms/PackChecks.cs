using System.Globalization;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Packs;

namespace Changxiao.Packs.Mechanisms;

// Name resolution (queued while reading, run once every declaration is known) and the checks of each kind's
// state graph and clocks.
internal sealed partial class PackReader
{
    private void CheckStateLater(string kind, string state, YNode node, string path) => nameChecks.Add(() =>
    {
        if (kinds.TryGetValue(kind, out var k) && !k.States.ContainsKey(state))
        {
            Error(node, PackErrorCodes.UnknownState, path, $"未知的状态 \"{state}\"{Available(k.States.Keys, "状态")}");
        }
    });

    private void CheckRoleLater(string role, YNode node, string path) => nameChecks.Add(() =>
    {
        if (!RoleExists(role))
        {
            Error(node, PackErrorCodes.UnknownRole, path, $"未知的角色 \"{role}\"{Available(RoleNames, "角色")}");
        }
    });

    private void CheckPartyLater(string kind, string party, YNode node, string path) => nameChecks.Add(() =>
    {
        if (kinds.TryGetValue(kind, out var k) && !k.Parties.ContainsKey(party))
        {
            Error(node, PackErrorCodes.UnknownParty, path, $"未知的当事人 \"{party}\"{Available(k.Parties.Keys, "当事人（parties）")}");
        }
    });

    private void CheckFieldLater(string kind, string field, YNode node, string path, bool partiesToo) => nameChecks.Add(() =>
    {
        if (!kinds.TryGetValue(kind, out var k) || k.Fields.ContainsKey(field) || (partiesToo && k.Parties.ContainsKey(field)))
        {
            return;
        }

        var names = partiesToo ? k.Fields.Keys.Concat(k.Parties.Keys) : k.Fields.Keys;
        Error(node, PackErrorCodes.UnknownField, path,
            $"未知的{(partiesToo ? "字段或当事人" : "字段")} \"{field}\"{Available(names, partiesToo ? "字段或当事人" : "字段")}");
    });

    /// <summary>A clock's start/stop/pause/resume point: a state, or <c>action:code</c>.</summary>
    private void CheckPointLater(string kind, YScalar node, string path) => nameChecks.Add(() =>
    {
        if (!kinds.TryGetValue(kind, out var k))
        {
            return;
        }

        if (node.Value.StartsWith("action:", StringComparison.Ordinal))
        {
            var action = node.Value["action:".Length..];
            if (!k.Actions.ContainsKey(action))
            {
                Error(node, PackErrorCodes.UnknownAction, path, $"未知的动作 \"{action}\"{Available(k.Actions.Keys, "动作")}");
            }
        }
        else if (!k.States.ContainsKey(node.Value))
        {
            Error(node, PackErrorCodes.UnknownState, path, $"未知的状态 \"{node.Value}\"{Available(k.States.Keys, "状态")}（动作请写 action:名称）");
        }
    });

    /// <summary>
    /// A kind reference: <c>kind</c> (this pack) or <c>other-pack/kind</c> (recorded for <see cref="PackLoader.LoadAll"/>).
    /// With <paramref name="open"/>, also checks the fields the new matter is given.
    /// </summary>
    private void CheckKindRefLater(string reference, YNode node, string path, string? clock, OpenMatterRef? open, string? sourceKind = null)
    {
        var fields = open?.Open.Fields.Select(f => (f.Key, f.Value, open.FieldNodes[f.Key])).ToList() ?? [];
        var basePath = open?.Path ?? path;
        var slash = reference.IndexOf('/');
        if (slash >= 0)
        {
            var pack = reference[..slash];
            var kind = reference[(slash + 1)..];
            if (!NamePattern.IsMatch(pack) || !NamePattern.IsMatch(kind))
            {
                Error(node, PackErrorCodes.BadName, path, $"应写作 事项种类 或 机制包/事项种类（小写英文名称），却是 \"{reference}\"");
                return;
            }

            nameChecks.Add(() =>
            {
                var source = sourceKind is not null && kinds.TryGetValue(sourceKind, out var sk) ? sk : null;
                if (pack == packId)
                {
                    CheckLocalKind(kind, node, path, basePath, fields, open?.AboutNode, source);
                }
                else
                {
                    CrossRefs.Add(new CrossRef(pack, kind, clock, fields, node, path, basePath, open?.AboutNode, source));
                }
            });
            return;
        }

        nameChecks.Add(() => CheckLocalKind(reference, node, path, basePath, fields, open?.AboutNode,
            sourceKind is not null && kinds.TryGetValue(sourceKind, out var sk) ? sk : null));
    }

    private void CheckLocalKind(
        string kind, YNode node, string path, string basePath, List<(string Field, string Value, YNode Node)> fields, YNode? aboutNode, MatterKind? source)
    {
        if (!kindNodes.ContainsKey(kind))
        {
            Error(node, PackErrorCodes.UnknownKind, path, $"未知的事项种类 \"{kind}\"{Available(kindNodes.Keys, "事项种类")}（别的机制包的种类写作 机制包/种类）");
            return;
        }

        if (kinds.TryGetValue(kind, out var target))
        {
            CheckOpened(this, target, basePath, fields, aboutNode, source);
        }
    }

    /// <summary>
    /// Checks what an <c>open</c> gives the new matter: its fields exist (and choice values are options), and when
    /// <c>about</c> is given, the new kind has a <c>subject</c> party to receive those persons. A value copied from
    /// the opening matter (<c>$field.code</c>) is checked against <paramref name="source"/> when it is known.
    /// </summary>
    internal static void CheckOpened(
        YamlReading reading, MatterKind target, string basePath, IEnumerable<(string Field, string Value, YNode Node)> fields, YNode? aboutNode, MatterKind? source)
    {
        foreach (var (field, value, fieldNode) in fields)
        {
            var path = basePath + ".fields." + field;
            if (OpenMatter.CopiedField(value) is { } from)
            {
                if (!target.Fields.ContainsKey(field))
                {
                    reading.Error(fieldNode, PackErrorCodes.UnknownField, path, $"kinds.{target.Code} 没有字段 \"{field}\"{Available(target.Fields.Keys, "字段")}");
                }
                else if (source is not null)
                {
                    CheckCopied(reading, source, target, field, from, fieldNode, path);
                }

                continue;
            }

            CheckFieldValue(reading, target, field, value, fieldNode, path);
        }

        if (aboutNode is not null && !target.Parties.ContainsKey(SubjectParty))
        {
            reading.Error(aboutNode, PackErrorCodes.UnknownParty, basePath + ".about",
                $"about 指定的人会成为新事项的 {SubjectParty} 当事人，但 kinds.{target.Code} 没有 {SubjectParty} 当事人{Available(target.Parties.Keys, "当事人")}");
        }
    }

    /// <summary>
    /// Checks <c>field: $field.from</c>: <paramref name="from"/> is a field of <paramref name="source"/> (the matter that
    /// opens), not confidential (the kernel never sees its value), and every value it can hold is one the target field
    /// accepts — so that opening the new matter cannot fail on it.
    /// </summary>
    internal static void CheckCopied(YamlReading reading, MatterKind source, MatterKind target, string field, string from, YNode node, string path)
    {
        if (!source.Fields.TryGetValue(from, out var src))
        {
            reading.Error(node, PackErrorCodes.UnknownField, path,
                $"{OpenMatter.CopyPrefix}{from}：kinds.{source.Code} 没有字段 \"{from}\"{Available(source.Fields.Keys, "字段")}");
            return;
        }

        if (src.ConfidentialTo.Count > 0)
        {
            reading.Error(node, PackErrorCodes.FieldValue, path, $"{OpenMatter.CopyPrefix}{from}：\"{from}\" 是保密字段（confidential），不能复制到别的事项");
            return;
        }

        if (target.Fields.TryGetValue(field, out var dst) && CopyProblem(src, dst) is { } problem)
        {
            reading.Error(node, PackErrorCodes.FieldValue, path,
                $"{OpenMatter.CopyPrefix}{from}：kinds.{source.Code}.fields.{from} 的值放不进 kinds.{target.Code}.fields.{field}（{problem}）");
        }
    }

    /// <summary>Why a value of <paramref name="src"/> might not fit <paramref name="dst"/>, or null when it always fits.</summary>
    private static string? CopyProblem(FieldDef src, FieldDef dst)
    {
        var (st, dt) = (Lower(src.Type), Lower(dst.Type));
        switch (dst.Type)
        {
            case FieldType.Text when src.Type is FieldType.Text or FieldType.Choice:
                var longest = src.Type == FieldType.Choice ? src.Options.Max(o => o.Length) : src.MaxLength;
                return dst.MaxLength is { } max && (longest is null || longest > max)
                    ? $"源字段最多 {(longest is null ? "不限" : longest.ToString())} 字，目标字段 max: {max}"
                    : null;
            case FieldType.Choice when src.Type == FieldType.Choice:
                var missing = src.Options.Where(o => !dst.Options.Contains(o, StringComparer.Ordinal)).ToList();
                return missing.Count > 0 ? $"目标字段没有这些选项：{Join(missing)}" : null;
            case FieldType.Money when src.Type is FieldType.Money or FieldType.Number:
            case FieldType.Number when src.Type == FieldType.Number:
                return null;
            case FieldType.List when src.Type == FieldType.List:
                return src.ItemType != dst.ItemType
                    ? $"列表项类型不同：{(src.ItemType is { } si ? Lower(si) : "?")} 与 {(dst.ItemType is { } di ? Lower(di) : "?")}"
                    : dst.ItemType is FieldType.Choice && src.Options.Any(o => !dst.Options.Contains(o, StringComparer.Ordinal))
                        ? "目标列表的选项不全"
                        : dst.ItemType is FieldType.Matter && src.MatterKind != dst.MatterKind ? $"关联的事项种类不同：{src.MatterKind} 与 {dst.MatterKind}" : null;
            case FieldType.Matter when src.Type == FieldType.Matter:
                return src.MatterKind != dst.MatterKind ? $"关联的事项种类不同：{src.MatterKind} 与 {dst.MatterKind}" : null;
            case FieldType.Text or FieldType.Choice or FieldType.Money or FieldType.Number or FieldType.List or FieldType.Matter:
                return $"类型不同：{st} 与 {dt}";
            default:
                return src.Type == dst.Type ? null : $"类型不同：{st} 与 {dt}";
        }
    }

    /// <summary>The party of an opened matter that receives the persons named by <c>about</c>.</summary>
    public const string SubjectParty = "subject";

    /// <summary>Checks that <paramref name="field"/> exists in <paramref name="kind"/> and, for a choice, that the value is an option.</summary>
    internal static void CheckFieldValue(YamlReading reading, MatterKind kind, string field, string value, YNode node, string path)
    {
        if (!kind.Fields.TryGetValue(field, out var def))
        {
            reading.Error(node, PackErrorCodes.UnknownField, path, $"kinds.{kind.Code} 没有字段 \"{field}\"{Available(kind.Fields.Keys, "字段")}");
        }
        else if (def.Type == FieldType.Choice && !def.Options.Contains(value, StringComparer.Ordinal))
        {
            reading.Error(node, PackErrorCodes.FieldValue, path, $"\"{value}\" 不是 kinds.{kind.Code}.fields.{field} 的选项（可用：{Join(def.Options)}）");
        }
    }

    /// <summary>The kind a link (a matter field of <paramref name="kind"/>) points to, or null after reporting why not.</summary>
    private string? LinkedKind(string kind, string link, YNode node, string path)
    {
        if (!kinds.TryGetValue(kind, out var k))
        {
            return null;
        }

        if (!k.Fields.TryGetValue(link, out var def))
        {
            var links = k.Fields.Values.Where(IsMatterField).Select(f => f.Code);
            Error(node, PackErrorCodes.UnknownField, path, $"未知的关联字段 \"{link}\"{Available(links, "matter 字段")}");
            return null;
        }

        if (!IsMatterField(def))
        {
            Error(node, PackErrorCodes.BadLink, path, $"\"{link}\" 是 {Lower(def.Type)} 字段；关联只能是 matter 字段（或 item: matter 的列表）");
            return null;
        }

        return def.MatterKind;
    }

    private static bool IsMatterField(FieldDef f) => f.Type == FieldType.Matter || f is { Type: FieldType.List, ItemType: FieldType.Matter };

    private void CheckLinkLater(string kind, string link, YNode node, string path) =>
        nameChecks.Add(() => LinkedKind(kind, link, node, path));

    // ---- conditions ---------------------------------------------------------------------------------------

    /// <summary>Parses a condition; a syntax error is reported at the exact character. Names are checked later.</summary>
    private Condition? ConditionOf(string kind, YNode node, string path)
    {
        if (Str(node, path, "条件") is null || node is not YScalar scalar)
        {
            return null;
        }

        // Str trims; parse the value as written so that offsets match the file.
        var text = scalar.Value;
        try
        {
            var condition = Conditions.Parse(text, out var terms);
            nameChecks.Add(() => CheckConditionNames(kind, terms, scalar, path));
            return condition with { Source = text.Trim() };
        }
        catch (ConditionSyntaxException ex)
        {
            var (line, column) = scalar.At(ex.Offset);
            Error(scalar.File, line, column, PackErrorCodes.BadCondition, path, $"条件写法有误：{ex.Reason}");
            return null;
        }
    }

    private void CheckConditionNames(string kind, IReadOnlyList<ConditionTerm> terms, YScalar node, string path)
    {
        if (!kinds.TryGetValue(kind, out var k))
        {
            return;
        }

        foreach (var term in terms)
        {
            void At(int offset, string code, string message)
            {
                var (line, column) = node.At(offset);
                Error(node.File, line, column, code, path, message);
            }

            var ordering = term.Op is CompareOp.Lt or CompareOp.Le or CompareOp.Gt or CompareOp.Ge;
            if (term.Name == "state")
            {
                // `state` alone always holds (a matter always has a state): the fallback route's condition.
                if (ordering)
                {
                    At(term.Offset, PackErrorCodes.ConditionValue, "state（事项的状态）只能用 == != in、not in 比较");
                    continue;
                }

                foreach (var v in term.Values.Where(v => !k.States.ContainsKey(v.Value)))
                {
                    At(v.Offset, PackErrorCodes.UnknownState, $"未知的状态 \"{v.Value}\"{Available(k.States.Keys, "状态")}");
                }

                continue;
            }

            if (k.Parties.ContainsKey(term.Name))
            {
                if (term.Op != CompareOp.Has)
                {
                    At(term.Offset, PackErrorCodes.ConditionValue, $"\"{term.Name}\" 是当事人，只能判断是否已指定（单写名称）");
                }

                continue;
            }

            if (!k.Fields.TryGetValue(term.Name, out var field))
            {
                At(term.Offset, PackErrorCodes.UnknownField,
                    $"未知的字段 \"{term.Name}\"{Available(k.Fields.Keys.Concat(k.Parties.Keys).Append("state"), "字段")}");
                continue;
            }

            if (term.Op == CompareOp.Has)
            {
                continue;
            }

            switch (field.Type)
            {
                case FieldType.Choice:
                    if (ordering)
                    {
                        At(term.Offset, PackErrorCodes.ConditionValue, $"choice 字段 \"{term.Name}\" 只能用 == != in、not in 比较");
                        break;
                    }

                    foreach (var v in term.Values.Where(v => !field.Options.Contains(v.Value, StringComparer.Ordinal)))
                    {
                        At(v.Offset, PackErrorCodes.ConditionValue, $"\"{v.Value}\" 不是字段 {term.Name} 的选项（可用：{Join(field.Options)}）");
                    }

                    break;

                case FieldType.Number or FieldType.Money:
                    foreach (var v in term.Values.Where(v => !decimal.TryParse(v.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)))
                    {
                        At(v.Offset, PackErrorCodes.ConditionValue, $"字段 {term.Name} 是数字，\"{v.Value}\" 不是数字");
                    }

                    break;

                case FieldType.Date:
                    foreach (var v in term.Values.Where(v => !ChinaDate.TryParse(v.Value, out _)))
                    {
                        At(v.Offset, PackErrorCodes.ConditionValue, $"字段 {term.Name} 是日期，\"{v.Value}\" 不是 YYYY-MM-DD 日期");
                    }

                    break;

                case FieldType.Bool:
                    if (ordering)
                    {
                        At(term.Offset, PackErrorCodes.ConditionValue, $"bool 字段 \"{term.Name}\" 只能用 == 或 != 比较");
                        break;
                    }

                    foreach (var v in term.Values.Where(v => v.Value is not ("true" or "false")))
                    {
                        At(v.Offset, PackErrorCodes.ConditionValue, $"字段 {term.Name} 是 bool，只能和 true 或 false 比较，却是 \"{v.Value}\"");
                    }

                    break;

                case FieldType.Text:
                    break;

                default:
                    At(term.Offset, PackErrorCodes.ConditionValue, $"{Lower(field.Type)} 字段 \"{term.Name}\" 只能判断是否有值（单写字段名）");
                    break;
            }
        }
    }

    // ---- graph --------------------------------------------------------------------------------------------

    private static Dictionary<string, HashSet<string>> Edges(MatterKind kind)
    {
        var edges = kind.States.Keys.ToDictionary(s => s, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var action in kind.Actions.Values)
        {
            foreach (var to in action.Destinations.Where(kind.States.ContainsKey)) // to: same adds no edge
            {
                foreach (var from in action.From.Where(edges.ContainsKey))
                {
                    edges[from].Add(to);
                }
            }
        }

        return edges;
    }

    private static bool HasUnknownStates(MatterKind kind) =>
        kind.Actions.Values.Any(a => a.From.Count == 0 || a.Destinations.Any(d => !kind.States.ContainsKey(d)) || a.From.Any(f => !kind.States.ContainsKey(f)));

    private static HashSet<string> Reach(Dictionary<string, HashSet<string>> edges, IEnumerable<string> start)
    {
        var seen = new HashSet<string>(start.Where(edges.ContainsKey), StringComparer.Ordinal);
        var queue = new Queue<string>(seen);
        while (queue.Count > 0)
        {
            foreach (var next in edges[queue.Dequeue()])
            {
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen;
    }

    /// <summary>
    /// Every state is reachable from the initial one; there is a final state; from every reachable non-final state
    /// some final state can still be reached (a state with no way out is a dead end).
    /// </summary>
    private void CheckGraph(MatterKind kind, YNode statesNode, YNode? initialNode)
    {
        if (kind.States.Count == 0)
        {
            return;
        }

        var path = $"kinds.{kind.Code}";
        var finals = kind.States.Values.Where(s => s.Final).Select(s => s.Code).ToList();
        if (finals.Count == 0)
        {
            Error(statesNode, PackErrorCodes.NoFinalState, path + ".states", "没有终结状态：至少一个状态要写 final: true（事项在那里办结）");
        }

        if (!kind.States.ContainsKey(kind.InitialState) || initialNode is null || HasUnknownStates(kind))
        {
            return; // the unknown state is reported; reachability from a broken graph would only add noise
        }

        var edges = Edges(kind);
        var reachable = Reach(edges, [kind.InitialState]);
        var reverse = kind.States.Keys.ToDictionary(s => s, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (from, tos) in edges)
        {
            foreach (var to in tos)
            {
                reverse[to].Add(from);
            }
        }

        var canFinish = Reach(reverse, finals);
        foreach (var state in kind.States.Values)
        {
            var at = state.Where;
            var statePath = $"{path}.states.{state.Code}";
            if (!reachable.Contains(state.Code))
            {
                Error(at.File, at.Line, at.Column, PackErrorCodes.Unreachable, statePath,
                    $"到不了的状态：从初始状态 {kind.InitialState} 出发，没有任何动作序列能到达这里");
                continue;
            }

            if (state.Final)
            {
                continue;
            }

            if (edges[state.Code].All(to => to == state.Code))
            {
                Error(at.File, at.Line, at.Column, PackErrorCodes.DeadEnd, statePath,
                    "死胡同：这个状态不是终结状态，却没有转到别的状态的动作；请加一个动作，或写 final: true");
            }
            else if (finals.Count > 0 && !canFinish.Contains(state.Code))
            {
                Error(at.File, at.Line, at.Column, PackErrorCodes.DeadEnd, statePath,
                    $"死胡同：从这个状态出发到不了任何终结状态（{Join(finals)}），事项会在几个状态间打转");
            }
        }
    }

    /// <summary>From where the clock starts, some stop point must be reachable.</summary>
    private void CheckClockStops(string kindCode, ClockDef clock, List<YScalar> startNodes, YNode stopNode, string path)
    {
        if (!kinds.TryGetValue(kindCode, out var kind) || clock.StopOn.Count == 0 || HasUnknownStates(kind))
        {
            return;
        }

        var starts = new List<string>();
        foreach (var s in clock.StartOn)
        {
            if (s.StartsWith("action:", StringComparison.Ordinal))
            {
                if (kind.Actions.TryGetValue(s["action:".Length..], out var a))
                {
                    // A staying destination starts it in the state the action was taken in.
                    if (a.Stays || a.ToWhen.Any(t => t.State == ActionDef.Same))
                    {
                        starts.AddRange(a.From.Where(kind.States.ContainsKey));
                    }

                    starts.AddRange(a.Destinations.Where(kind.States.ContainsKey));
                }
            }
            else if (kind.States.ContainsKey(s))
            {
                starts.Add(s);
            }
        }

        if (starts.Count == 0)
        {
            return; // unknown names were reported already
        }

        var both = clock.StopOn.Intersect(clock.StartOn, StringComparer.Ordinal).ToList();
        if (both.Count > 0)
        {
            Error(stopNode, PackErrorCodes.ClockRule, path + ".stop", $"{Join(both)} 既是开始点又是停止点");
            return;
        }

        var edges = Edges(kind);
        var reach = Reach(edges, starts);
        var stops = clock.StopOn.Any(s => s.StartsWith("action:", StringComparison.Ordinal)
            ? kind.Actions.TryGetValue(s["action:".Length..], out var a) && a.From.Any(reach.Contains)
            : reach.Contains(s));
        if (!stops)
        {
            Error(stopNode, PackErrorCodes.ClockNeverStops, path + ".stop",
                $"计时永远停不下来：从开始的状态（{Join(starts.Distinct())}）出发，经任何动作都到不了停止点（{Join(clock.StopOn)}）");
        }
    }
}
