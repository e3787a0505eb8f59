using System.Globalization;
using System.Text.RegularExpressions;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;

namespace Changxiao.Packs.Mechanisms;

/// <summary>A reference to a kind of another pack (<c>other-pack/kind</c>), checked when packs are loaded together; <c>Source</c> is the kind that opens it, when known (for <c>$field.</c> values).</summary>
internal sealed record CrossRef(
    string PackId, string Kind, string? Clock, IReadOnlyList<(string Field, string Value, YNode Node)> Fields, YNode Node, string Path, string OpenPath, YNode? AboutNode,
    MatterKind? Source = null);

/// <summary>
/// Reads one pack folder into a <see cref="Pack"/> in three passes: (1) read every file, checking shapes and
/// keys and building the records; (2) resolve every name (states, fields, parties, roles, ladders, kinds,
/// publications, clocks), queued while reading because a name may be declared after its use; (3) check each kind's
/// state graph and clocks. All problems are collected in <see cref="YamlReading.Errors"/>.
/// </summary>
internal sealed partial class PackReader : YamlReading
{
    private static readonly string[] TopKeys = ["id", "version", "title", "source", "roles", "ladders", "kinds", "publish"];
    private static readonly string[] KindKeys = ["title", "number", "fields", "parties", "initial", "states", "actions", "clocks", "routing", "open"];
    private static readonly string[] FieldKeys = ["type", "title", "required", "max", "options", "item", "kind", "confidential", "public"];
    private static readonly string[] PartyKeys = ["title", "type", "recused", "many"];
    private static readonly string[] StateKeys = ["title", "final"];
    private static readonly string[] RoleKeys = ["title", "permissions"];
    private static readonly string[] ActionKeys = ["title", "from", "to", "by", "requires", "sets", "signoff", "confirm", "when", "effects"];
    private static readonly string[] ClockKeys = ["title", "start", "stop", "pause", "resume", "limit", "due", "ladder", "when", "periodic"];
    private static readonly string[] DueKeys = ["field", "link", "clock"];
    private static readonly string[] StepKeys = ["at", "level", "notify", "open", "bulletin"];
    private static readonly string[] OpenMatterKeys = ["kind", "about", "fields"];
    private static readonly string[] RouteKeys = ["when", "unit"];
    private static readonly string[] OpenRuleKeys = ["by", "citizens", "anonymous"];
    private static readonly string[] PublishKeys = ["title", "kind", "when", "show"];
    private static readonly string[] EffectKeys = ["open", "suspend", "resume", "publish", "emit", "when"];

    private static readonly Dictionary<string, FieldType> FieldTypes = new(StringComparer.Ordinal)
    {
        ["text"] = FieldType.Text, ["number"] = FieldType.Number, ["money"] = FieldType.Money, ["date"] = FieldType.Date,
        ["choice"] = FieldType.Choice, ["person"] = FieldType.Person, ["unit"] = FieldType.Unit, ["attachment"] = FieldType.Attachment,
        ["list"] = FieldType.List, ["matter"] = FieldType.Matter, ["bool"] = FieldType.Bool,
    };

    private static readonly Dictionary<string, PartyType> PartyTypes = new(StringComparer.Ordinal)
    {
        ["person"] = PartyType.Person, ["unit"] = PartyType.Unit, ["citizen"] = PartyType.Citizen,
    };

    private static readonly Regex PermissionPattern = new("^[a-z][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant);

    private readonly OrderedDictionary<string, PackRole> roles = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, Ladder> ladders = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, MatterKind> kinds = new(StringComparer.Ordinal);
    private readonly List<Publication> publications = [];
    private readonly Dictionary<string, YNode> kindNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LadderRef>> ladderRefs = new(StringComparer.Ordinal);
    private readonly List<Action> nameChecks = [];
    private readonly List<Action> graphChecks = [];
    private string packId = "";

    public List<CrossRef> CrossRefs { get; } = [];

    /// <summary>A party or kind named inside a ladder, checked against every kind whose clocks use the ladder.</summary>
    private sealed record LadderRef(string? Party, OpenMatterRef? Open, YNode Node, string Path);

    private sealed record OpenMatterRef(OpenMatter Open, YNode Node, string Path, Dictionary<string, YNode> FieldNodes, YNode? AboutNode);

    /// <summary>Reads the folder; returns null when pack.yaml is missing or unreadable (errors say why).</summary>
    public Pack? Read(string packDir, string contentHash)
    {
        var packFile = System.IO.Path.Combine(packDir, "pack.yaml");
        if (!File.Exists(packFile))
        {
            Error(packDir, 0, 0, PackErrorCodes.Folder, "", "机制包文件夹里没有 pack.yaml");
            return null;
        }

        var root = Load(packFile);
        if (root is null)
        {
            return null;
        }

        var keys = Keys(root, "", TopKeys, ["id", "version", "title", "source"], null,
            "id: example / version: 1 / title: 示例 / source: 文件名 L1-L9 / kinds: …");
        if (keys is null)
        {
            return null;
        }

        var folder = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(packDir)));
        var id = folder;
        if (keys.TryGetValue("id", out var idEntry) && Name(idEntry.Value, "id", "机制包") is { } idText)
        {
            id = idText;
            packId = idText;
            if (idText != folder)
            {
                Error(idEntry.Value, PackErrorCodes.IdMismatch, "id", $"\"{idText}\" 与文件夹名 \"{folder}\" 不一致；id 必须等于文件夹名");
            }
        }

        var version = keys.TryGetValue("version", out var v) ? Int(v.Value, "version", 1, PackErrorCodes.BadVersion) ?? 0 : 0;
        var title = keys.TryGetValue("title", out var t) ? Text(t.Value, "title") : null;
        var source = keys.TryGetValue("source", out var s) ? ReadSource(s.Value) : "";

        if (keys.TryGetValue("roles", out var rolesEntry))
        {
            ReadRoles(rolesEntry.Value);
        }

        if (keys.TryGetValue("ladders", out var laddersEntry))
        {
            ReadLadders(laddersEntry.Value);
        }

        if (keys.TryGetValue("kinds", out var kindsEntry))
        {
            ReadKinds(kindsEntry.Value);
        }

        var kindsDir = System.IO.Path.Combine(packDir, "kinds");
        if (Directory.Exists(kindsDir))
        {
            foreach (var file in Directory.EnumerateFiles(kindsDir)
                         .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                         .Order(StringComparer.Ordinal))
            {
                if (Load(file) is { } kindsRoot)
                {
                    ReadKinds(kindsRoot);
                }
            }
        }

        if (kinds.Count == 0 && kindNodes.Count == 0)
        {
            Error(kindsEntry?.Key ?? root, PackErrorCodes.NoKinds, "kinds", "机制包至少要定义一个事项种类（kinds，或 kinds/*.yaml）");
        }

        if (keys.TryGetValue("publish", out var publishEntry))
        {
            ReadPublications(publishEntry.Value);
        }

        CheckLadderUse();
        foreach (var check in nameChecks)
        {
            check();
        }

        foreach (var check in graphChecks)
        {
            check();
        }

        return new Pack(id, version, title ?? new Text(id), source, roles, kinds, ladders, publications, contentHash, Span(root));
    }

    private YNode? Load(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException ex)
        {
            Error(file, 0, 0, PackErrorCodes.Folder, "", "无法读取文件：" + ex.Message);
            return null;
        }

        try
        {
            var root = YamlTree.Read(text, file);
            if (root is null or YScalar { IsNull: true })
            {
                Error(file, 1, 1, PackErrorCodes.MissingKey, "", "文件是空的");
                return null;
            }

            return root;
        }
        catch (YamlSyntaxError ex)
        {
            Error(file, ex.Line, ex.Column, PackErrorCodes.YamlSyntax, "", ex.Message);
            return null;
        }
    }

    private string ReadSource(YNode node)
    {
        if (node is YSequence)
        {
            var parts = List(node, "source", "文字", allowEmpty: false).Select(x => x.Value.Trim()).ToList();
            return string.Join("; ", parts);
        }

        return Str(node, "source", "种子文件与行号（如 004_d28c692376d5e528.txt L104-L107）") ?? "";
    }

    // ---- roles --------------------------------------------------------------------------------------------

    private void ReadRoles(YNode node)
    {
        foreach (var entry in Named(node, "roles", "角色"))
        {
            var code = ((YScalar)entry.Key).Value;
            var path = $"roles.{code}";
            if (SystemRoles.Find(code) is not null)
            {
                Error(entry.Key, PackErrorCodes.DuplicateName, path, $"\"{code}\" 是系统角色，机制包不能重新定义（系统角色：{Join(SystemRoles.All.Select(r => r.Code))}）");
            }

            Text? title;
            var permissions = new List<string>();
            if (entry.Value is YScalar)
            {
                title = Text(entry.Value, path);
            }
            else
            {
                var keys = Keys(entry.Value, path, RoleKeys, ["title"], entry.Key, "{title: 受理人员, permissions: [matter.read]}");
                title = keys?.TryGetValue("title", out var t) == true ? Text(t.Value, path + ".title") : null;
                if (keys?.TryGetValue("permissions", out var p) == true)
                {
                    foreach (var item in List(p.Value, path + ".permissions", "权限名"))
                    {
                        if (!PermissionPattern.IsMatch(item.Value))
                        {
                            Error(item, PackErrorCodes.BadName, path + ".permissions", $"权限名 \"{item.Value}\" 只能用小写英文字母、数字和 . _ -，如 matter.read");
                        }

                        permissions.Add(item.Value);
                    }
                }
            }

            roles[code] = new PackRole(code, title ?? new Text(code), permissions, Span(entry.Key));
        }
    }

    private bool RoleExists(string code) => roles.ContainsKey(code) || SystemRoles.Find(code) is not null;

    private IEnumerable<string> RoleNames => roles.Keys.Concat(SystemRoles.All.Select(r => r.Code));

    // ---- ladders ------------------------------------------------------------------------------------------

    private void ReadLadders(YNode node)
    {
        foreach (var entry in Named(node, "ladders", "阶梯"))
        {
            var code = ((YScalar)entry.Key).Value;
            var path = $"ladders.{code}";
            var refs = new List<LadderRef>();
            ladderRefs[code] = refs;
            var steps = new List<LadderStep>();
            var items = Items(entry.Value, path, "- {at: 3 days before due, level: yellow, notify: [party:handler]}");
            if (items.Count == 0)
            {
                Error(entry.Key, PackErrorCodes.BadLadderStep, path, "阶梯至少要有一步");
            }

            (int Offset, bool Working)? previous = null;
            for (var i = 0; i < items.Count; i++)
            {
                var step = ReadStep(items[i], $"{path}[{i}]", refs);
                if (step is null)
                {
                    continue;
                }

                if (previous is { } p && p.Working == step.WorkingDays && step.Offset <= p.Offset)
                {
                    Error(items[i], PackErrorCodes.BadLadderStep, $"{path}[{i}].at", "各步要按时间先后排列，且不能重复");
                }

                previous = (step.Offset, step.WorkingDays);
                steps.Add(step);
            }

            ladders[code] = new Ladder(code, steps, Span(entry.Key));
        }
    }

    private LadderStep? ReadStep(YNode node, string path, List<LadderRef> refs)
    {
        var keys = Keys(node, path, StepKeys, ["at"], null, "{at: due, level: red, notify: [party:handler]}");
        if (keys is null)
        {
            return null;
        }

        (int Offset, bool Working)? at = null;
        if (keys.TryGetValue("at", out var atEntry) && Str(atEntry.Value, path + ".at") is { } atText)
        {
            at = ParseStepAt(atText);
            if (at is null)
            {
                Error(atEntry.Value, PackErrorCodes.BadLadderStep, path + ".at",
                    $"看不懂的时点 \"{atText}\"；可写 due、3 days before due、2 working days before due、5 days after due，或 到期日、到期前3日、到期前2个工作日、超期5日");
            }
        }

        string? level = null;
        if (keys.TryGetValue("level", out var levelEntry) && Str(levelEntry.Value, path + ".level") is { } l)
        {
            if (l is "yellow" or "red")
            {
                level = l;
            }
            else
            {
                Error(levelEntry.Value, PackErrorCodes.BadLadderStep, path + ".level", $"预警级别只能是 yellow（黄牌）或 red（红牌），却是 \"{l}\"");
            }
        }

        var notify = new List<ActorSpec>();
        if (keys.TryGetValue("notify", out var notifyEntry))
        {
            foreach (var (spec, specNode) in Actors(notifyEntry.Value, path + ".notify", allowCitizen: false))
            {
                notify.Add(spec);
                if (spec.Kind == ActorSpecKind.Role)
                {
                    CheckRoleLater(spec.Code, specNode, path + ".notify");
                }
                else
                {
                    refs.Add(new LadderRef(spec.Code, null, specNode, path + ".notify"));
                }
            }
        }

        OpenMatter? open = null;
        if (keys.TryGetValue("open", out var openEntry) && ReadOpenMatter(openEntry.Value, path + ".open") is { } openRef)
        {
            open = openRef.Open;
            refs.Add(new LadderRef(null, openRef, openEntry.Value, path + ".open"));
            CheckOpenTarget(openRef);
        }

        var bulletin = keys.TryGetValue("bulletin", out var b) && Bool(b.Value, path + ".bulletin") == true;
        if (!keys.ContainsKey("level") && !keys.ContainsKey("notify") && !keys.ContainsKey("open") && !keys.ContainsKey("bulletin"))
        {
            Error(node, PackErrorCodes.BadLadderStep, path, "这一步什么也不做：至少写 level、notify、open 或 bulletin 之一");
        }

        return at is { } a ? new LadderStep(a.Offset, a.Working, level, notify, open, bulletin, Span(node)) : null;
    }

    private static readonly Regex StepEnglish = new(
        @"^(?<n>[0-9]+) ?(?<w>working |business |work )?days? (?<dir>before|after) (?:the )?due(?: date)?$", RegexOptions.CultureInvariant);

    private static readonly Regex StepChinese = new(
        @"^(?:(?<before>到期前)|(?<after>到期后|超期))(?<n>[0-9]+)(?:(?<w>个?工作日)|日|天)$", RegexOptions.CultureInvariant);

    /// <summary>Reads a ladder step's time: days relative to due (negative = before) and whether they are working days.</summary>
    internal static (int Offset, bool Working)? ParseStepAt(string text)
    {
        var s = text.Normalize(System.Text.NormalizationForm.FormKC).Trim().ToLowerInvariant();
        s = Regex.Replace(s, @"\s+", " ");
        if (s is "due" or "on due" or "at due" or "due date" or "on the due date" or "到期日" or "到期当日" or "到期当天")
        {
            return (0, false);
        }

        var m = StepEnglish.Match(s);
        if (m.Success)
        {
            var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            return n is < 1 or > 3650 ? null : (m.Groups["dir"].Value == "before" ? -n : n, m.Groups["w"].Success);
        }

        m = StepChinese.Match(s.Replace(" ", "", StringComparison.Ordinal));
        if (m.Success)
        {
            var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            return n is < 1 or > 3650 ? null : (m.Groups["before"].Success ? -n : n, m.Groups["w"].Success);
        }

        return null;
    }

    /// <summary>Checks party and open references of each ladder against every kind whose clocks use it.</summary>
    private void CheckLadderUse() => nameChecks.Add(() =>
    {
        foreach (var (ladderCode, refs) in ladderRefs)
        {
            foreach (var kind in kinds.Values)
            {
                var clock = kind.Clocks.Values.FirstOrDefault(c => c.Ladder == ladderCode);
                if (clock is null)
                {
                    continue;
                }

                var user = $"kinds.{kind.Code}.clocks.{clock.Code}";
                foreach (var r in refs)
                {
                    var party = r.Party ?? r.Open?.Open.About;
                    var node = r.Party is not null ? r.Node : r.Open?.AboutNode;
                    if (party is not null && node is not null && !kind.Parties.ContainsKey(party))
                    {
                        Error(node, PackErrorCodes.UnknownParty, r.Party is not null ? r.Path : r.Path + ".about",
                            $"未知的当事人 \"{party}\"：{user} 使用此阶梯，但 kinds.{kind.Code} 没有这个当事人{Available(kind.Parties.Keys, "当事人")}");
                    }

                    // $field.x in a ladder's open copies from the matter whose clock fired: each kind using the ladder.
                    if (r.Open is { } open)
                    {
                        var slash = open.Open.Kind.IndexOf('/');
                        var local = slash < 0 || open.Open.Kind[..slash] == packId;
                        kinds.TryGetValue(open.Open.Kind[(slash + 1)..], out var target);
                        foreach (var (field, value) in open.Open.Fields)
                        {
                            if (OpenMatter.CopiedField(value) is not { } from)
                            {
                                continue;
                            }

                            if (local && target is not null && target.Fields.ContainsKey(field))
                            {
                                CheckCopied(this, kind, target, field, from, open.FieldNodes[field], $"{r.Path}.fields.{field}（{user}）");
                            }
                            else if (!kind.Fields.ContainsKey(from))
                            {
                                Error(open.FieldNodes[field], PackErrorCodes.UnknownField, $"{r.Path}.fields.{field}",
                                    $"{OpenMatter.CopyPrefix}{from}：{user} 使用此阶梯，但 kinds.{kind.Code} 没有字段 \"{from}\"{Available(kind.Fields.Keys, "字段")}");
                            }
                        }
                    }
                }
            }
        }
    });

    // ---- kinds --------------------------------------------------------------------------------------------

    private void ReadKinds(YNode node)
    {
        foreach (var entry in Named(node, "kinds", "事项种类"))
        {
            var code = ((YScalar)entry.Key).Value;
            if (kindNodes.TryGetValue(code, out var first))
            {
                Error(entry.Key, PackErrorCodes.DuplicateName, $"kinds.{code}", $"事项种类 \"{code}\" 重复定义（第一次在 {first.File}:{first.Line}）");
                continue;
            }

            kindNodes[code] = entry.Key;
            if (ReadKind(code, entry.Key, entry.Value) is { } kind)
            {
                kinds[code] = kind;
            }
        }
    }

    private MatterKind? ReadKind(string code, YNode keyNode, YNode node)
    {
        var path = $"kinds.{code}";
        var keys = Keys(node, path, KindKeys, ["title", "initial", "states"], keyNode, "{title: 举报, initial: registered, states: …, actions: …}");
        if (keys is null)
        {
            return null;
        }

        var title = keys.TryGetValue("title", out var t) ? Text(t.Value, path + ".title") : null;
        string? number = null;
        if (keys.TryGetValue("number", out var numberEntry) && Str(numberEntry.Value, path + ".number") is { } n)
        {
            number = n;
            CheckNumberFormat(n, numberEntry.Value, path + ".number");
        }

        var fields = new OrderedDictionary<string, FieldDef>(StringComparer.Ordinal);
        if (keys.TryGetValue("fields", out var fieldsEntry))
        {
            foreach (var f in Named(fieldsEntry.Value, path + ".fields", "字段"))
            {
                var fieldCode = ((YScalar)f.Key).Value;
                if (fieldCode == "state")
                {
                    Error(f.Key, PackErrorCodes.BadName, $"{path}.fields.state", "state 是保留名（条件里的 state 指事项的状态），请换一个字段名");
                }

                if (ReadField(fieldCode, f.Key, f.Value, $"{path}.fields.{fieldCode}") is { } field)
                {
                    fields[fieldCode] = field;
                }
            }
        }

        var parties = new OrderedDictionary<string, PartyDef>(StringComparer.Ordinal);
        if (keys.TryGetValue("parties", out var partiesEntry))
        {
            foreach (var p in Named(partiesEntry.Value, path + ".parties", "当事人"))
            {
                var partyCode = ((YScalar)p.Key).Value;
                var partyPath = $"{path}.parties.{partyCode}";
                if (fields.TryGetValue(partyCode, out var same))
                {
                    Error(p.Key, PackErrorCodes.DuplicateName, partyPath, $"\"{partyCode}\" 已是字段名（第 {same.Where.Line} 行）；字段和当事人不能同名");
                }

                if (ReadParty(partyCode, p.Key, p.Value, partyPath) is { } party)
                {
                    parties[partyCode] = party;
                }
            }
        }

        var states = new OrderedDictionary<string, StateDef>(StringComparer.Ordinal);
        YNode? statesNode = null;
        if (keys.TryGetValue("states", out var statesEntry))
        {
            statesNode = statesEntry.Key;
            var entries = Named(statesEntry.Value, path + ".states", "状态");
            if (entries.Count == 0 && statesEntry.Value is not YMapping { Entries.Count: > 0 })
            {
                Error(statesEntry.Key, PackErrorCodes.MissingKey, path + ".states", "至少要有一个状态");
            }

            foreach (var s in entries)
            {
                var stateCode = ((YScalar)s.Key).Value;
                if (stateCode == ActionDef.Same)
                {
                    Error(s.Key, PackErrorCodes.BadName, $"{path}.states.{stateCode}", $"{ActionDef.Same} 是保留名（动作的 to: {ActionDef.Same} 表示停在原状态），请换一个状态名");
                }

                if (ReadState(stateCode, s.Key, s.Value, $"{path}.states.{stateCode}") is { } state)
                {
                    states[stateCode] = state;
                }
            }
        }

        var initial = "";
        YNode? initialNode = null;
        if (keys.TryGetValue("initial", out var initialEntry) && Name(initialEntry.Value, path + ".initial", "状态") is { } i)
        {
            initial = i;
            initialNode = initialEntry.Value;
            CheckStateLater(code, i, initialEntry.Value, path + ".initial");
        }

        var open = new OpenRule([], false, false, Span(keyNode));
        if (keys.TryGetValue("open", out var openEntry))
        {
            open = ReadOpenRule(openEntry.Value, path + ".open", openEntry.Key) ?? open;
        }

        var actions = new OrderedDictionary<string, ActionDef>(StringComparer.Ordinal);
        if (keys.TryGetValue("actions", out var actionsEntry))
        {
            foreach (var a in Named(actionsEntry.Value, path + ".actions", "动作"))
            {
                var actionCode = ((YScalar)a.Key).Value;
                if (ReadAction(code, actionCode, a.Key, a.Value, $"{path}.actions.{actionCode}", open) is { } action)
                {
                    actions[actionCode] = action;
                }
            }
        }

        var clocks = new OrderedDictionary<string, ClockDef>(StringComparer.Ordinal);
        if (keys.TryGetValue("clocks", out var clocksEntry))
        {
            foreach (var c in Named(clocksEntry.Value, path + ".clocks", "计时"))
            {
                var clockCode = ((YScalar)c.Key).Value;
                if (ReadClock(code, clockCode, c.Key, c.Value, $"{path}.clocks.{clockCode}", initialNode) is { } clock)
                {
                    clocks[clockCode] = clock;
                }
            }
        }

        var routing = new List<Route>();
        if (keys.TryGetValue("routing", out var routingEntry))
        {
            var items = Items(routingEntry.Value, path + ".routing", "- {when: category == 贿选, unit: county-jw}");
            for (var r = 0; r < items.Count; r++)
            {
                if (ReadRoute(code, items[r], $"{path}.routing[{r}]") is { } route)
                {
                    routing.Add(route);
                }
            }
        }

        var kind = new MatterKind(code, title ?? new Text(code), number, fields, parties, initial, states, actions, clocks, routing, open, Span(keyNode));
        graphChecks.Add(() => CheckGraph(kind, statesNode ?? keyNode, initialNode));
        return kind;
    }

    /// <summary>The number format is checked by the matter engine's own <see cref="MatterNumber"/>, which renders it.</summary>
    private void CheckNumberFormat(string format, YNode node, string path)
    {
        if (!MatterNumber.IsValid(format, out var error))
        {
            Error(node, PackErrorCodes.BadNumberFormat, path, error);
        }
    }

    private FieldDef? ReadField(string code, YNode keyNode, YNode node, string path)
    {
        var keys = Keys(node, path, FieldKeys, ["type", "title"], keyNode, "{type: text, title: 内容, required: true, max: 5000}");
        if (keys is null)
        {
            return null;
        }

        FieldType? type = keys.TryGetValue("type", out var typeEntry) ? ReadFieldType(typeEntry.Value, path + ".type") : null;
        var title = keys.TryGetValue("title", out var t) ? Text(t.Value, path + ".title") : null;
        var required = keys.TryGetValue("required", out var req) && Bool(req.Value, path + ".required") == true;
        var isPublic = keys.TryGetValue("public", out var pub) && Bool(pub.Value, path + ".public") == true;

        FieldType? item = null;
        if (keys.TryGetValue("item", out var itemEntry))
        {
            item = ReadFieldType(itemEntry.Value, path + ".item");
            if (type is { } ty && ty != FieldType.List)
            {
                Error(itemEntry.Key, PackErrorCodes.FieldRule, path + ".item", "item 只用于 list 字段（列表每一项的类型）");
            }
            else if (item == FieldType.List)
            {
                Error(itemEntry.Value, PackErrorCodes.FieldRule, path + ".item", "列表的项不能再是列表");
            }
        }
        else if (type == FieldType.List)
        {
            Error(keyNode, PackErrorCodes.MissingKey, path, "list 字段缺少必填键 \"item\"（每一项的类型，如 item: attachment）");
        }

        var effective = type == FieldType.List ? item : type;

        int? max = null;
        if (keys.TryGetValue("max", out var maxEntry))
        {
            max = Int(maxEntry.Value, path + ".max", 1);
            if (type is { } ty && ty != FieldType.Text)
            {
                Error(maxEntry.Key, PackErrorCodes.MaxNotText, path + ".max", $"max（最大字数）只用于 text 字段，这个字段是 {Lower(ty)}");
            }
        }

        var options = new List<string>();
        if (keys.TryGetValue("options", out var optionsEntry))
        {
            if (type is not null && effective != FieldType.Choice)
            {
                Error(optionsEntry.Key, PackErrorCodes.FieldRule, path + ".options", "options 只用于 choice 字段（或 item: choice 的列表）");
            }

            foreach (var o in List(optionsEntry.Value, path + ".options", "选项"))
            {
                if (options.Contains(o.Value, StringComparer.Ordinal))
                {
                    Error(o, PackErrorCodes.DuplicateName, path + ".options", $"选项 \"{o.Value}\" 重复");
                    continue;
                }

                options.Add(o.Value);
            }

            if (options.Count == 0 && effective == FieldType.Choice)
            {
                Error(optionsEntry.Key, PackErrorCodes.OptionsMissing, path + ".options", "choice 字段至少要有一个选项");
            }
        }
        else if (effective == FieldType.Choice)
        {
            Error(keyNode, PackErrorCodes.OptionsMissing, path, "choice 字段缺少 options（可选的值，如 options: [属实, 部分属实, 不属实]）");
        }

        string? matterKind = null;
        if (keys.TryGetValue("kind", out var kindEntry))
        {
            if (type is not null && effective != FieldType.Matter)
            {
                Error(kindEntry.Key, PackErrorCodes.FieldRule, path + ".kind", "kind 只用于 matter 字段（或 item: matter 的列表）");
            }
            else if (Str(kindEntry.Value, path + ".kind", "事项种类") is { } k)
            {
                matterKind = k;
                CheckKindRefLater(k, kindEntry.Value, path + ".kind", null, null);
            }
        }
        else if (effective == FieldType.Matter)
        {
            Error(keyNode, PackErrorCodes.MatterKindMissing, path, "matter 字段缺少 kind（关联的事项种类，如 kind: inspection 或 other-pack/kind）");
        }

        var confidential = new List<string>();
        if (keys.TryGetValue("confidential", out var confEntry))
        {
            foreach (var r in List(confEntry.Value, path + ".confidential", "角色", allowEmpty: false))
            {
                var role = r.Value.StartsWith("role:", StringComparison.Ordinal) ? r.Value["role:".Length..] : r.Value;
                confidential.Add(role);
                CheckRoleLater(role, r, path + ".confidential");
            }

            if (isPublic && confidential.Count > 0)
            {
                Error(pub!.Key, PackErrorCodes.FieldRule, path + ".public", "保密字段（confidential）不能同时公开（public: true）");
            }
        }

        if (type is null || title is null)
        {
            return null;
        }

        return new FieldDef(code, title, type.Value, required, max, options, type == FieldType.List ? item : null, matterKind, confidential, isPublic, Span(keyNode));
    }

    private FieldType? ReadFieldType(YNode node, string path)
    {
        if (Str(node, path, "字段类型") is not { } text)
        {
            return null;
        }

        if (FieldTypes.TryGetValue(text, out var type))
        {
            return type;
        }

        Error(node, PackErrorCodes.WrongType, path, $"未知的字段类型 \"{text}\"（可用：{string.Join(", ", FieldTypes.Keys)}）");
        return null;
    }

    private static string Lower(FieldType type) => type.ToString().ToLowerInvariant();

    private PartyDef? ReadParty(string code, YNode keyNode, YNode node, string path)
    {
        if (node is YScalar)
        {
            return Text(node, path) is { } title ? new PartyDef(code, title, PartyType.Person, false, false, Span(keyNode)) : null;
        }

        var keys = Keys(node, path, PartyKeys, ["title"], keyNode, "{title: 承办人, type: person}");
        if (keys is null)
        {
            return null;
        }

        var partyTitle = keys.TryGetValue("title", out var t) ? Text(t.Value, path + ".title") : null;
        var type = PartyType.Person;
        if (keys.TryGetValue("type", out var typeEntry) && Str(typeEntry.Value, path + ".type") is { } typeText)
        {
            if (!PartyTypes.TryGetValue(typeText, out type))
            {
                Error(typeEntry.Value, PackErrorCodes.WrongType, path + ".type", $"未知的当事人类型 \"{typeText}\"（可用：person, unit, citizen）");
            }
        }

        var recused = keys.TryGetValue("recused", out var r) && Bool(r.Value, path + ".recused") == true;
        var many = keys.TryGetValue("many", out var m) && Bool(m.Value, path + ".many") == true;
        return partyTitle is null ? null : new PartyDef(code, partyTitle, type, recused, many, Span(keyNode));
    }

    private StateDef? ReadState(string code, YNode keyNode, YNode node, string path)
    {
        if (node is YScalar)
        {
            return Text(node, path) is { } title ? new StateDef(code, title, false, Span(keyNode)) : null;
        }

        var keys = Keys(node, path, StateKeys, ["title"], keyNode, "{title: 已办结, final: true}");
        if (keys is null)
        {
            return null;
        }

        var stateTitle = keys.TryGetValue("title", out var t) ? Text(t.Value, path + ".title") : null;
        var final = keys.TryGetValue("final", out var f) && Bool(f.Value, path + ".final") == true;
        return stateTitle is null ? null : new StateDef(code, stateTitle, final, Span(keyNode));
    }

    private OpenRule? ReadOpenRule(YNode node, string path, YNode keyNode)
    {
        var keys = Keys(node, path, OpenRuleKeys, [], keyNode, "{by: [role:intake], citizens: true, anonymous: true}");
        if (keys is null)
        {
            return null;
        }

        var by = new List<ActorSpec>();
        if (keys.TryGetValue("by", out var byEntry))
        {
            foreach (var (spec, specNode) in Actors(byEntry.Value, path + ".by", allowCitizen: false))
            {
                if (spec.Kind != ActorSpecKind.Role)
                {
                    Error(specNode, PackErrorCodes.BadActor, path + ".by", "登记事项的只能是 role:角色（事项开立前还没有当事人）；群众提交请写 citizens: true");
                    continue;
                }

                by.Add(spec);
                CheckRoleLater(spec.Code, specNode, path + ".by");
            }
        }

        var citizens = keys.TryGetValue("citizens", out var c) && Bool(c.Value, path + ".citizens") == true;
        var anonymous = keys.TryGetValue("anonymous", out var a) && Bool(a.Value, path + ".anonymous") == true;
        return new OpenRule(by, citizens, anonymous, Span(keyNode));
    }

    private Route? ReadRoute(string kind, YNode node, string path)
    {
        var keys = Keys(node, path, RouteKeys, ["when", "unit"], null, "{when: category == 贿选, unit: county-jw}");
        if (keys is null)
        {
            return null;
        }

        var when = keys.TryGetValue("when", out var w) ? ConditionOf(kind, w.Value, path + ".when") : null;
        var unit = keys.TryGetValue("unit", out var u) ? Str(u.Value, path + ".unit", "单位编码") : null;
        return when is null || unit is null ? null : new Route(when, unit, Span(node));
    }

    // ---- actions ------------------------------------------------------------------------------------------

    private ActionDef? ReadAction(string kind, string code, YNode keyNode, YNode node, string path, OpenRule open)
    {
        var keys = Keys(node, path, ActionKeys, ["title", "from", "to", "by"], keyNode,
            "{title: 交办, from: registered, to: assigned, by: [role:intake]}");
        if (keys is null)
        {
            return null;
        }

        var title = keys.TryGetValue("title", out var t) ? Text(t.Value, path + ".title") : null;

        var from = new List<string>();
        if (keys.TryGetValue("from", out var fromEntry))
        {
            foreach (var s in List(fromEntry.Value, path + ".from", "状态", allowEmpty: false))
            {
                from.Add(s.Value);
                CheckStateLater(kind, s.Value, s, path + ".from");
            }
        }

        string? to = null;
        var toWhen = new List<(string State, Condition When)>();
        if (keys.TryGetValue("to", out var toEntry))
        {
            (to, toWhen) = ReadTo(kind, toEntry.Value, path + ".to");
        }

        var destinations = toWhen.Select(x => x.State).Append(to).OfType<string>().Where(d => d != ActionDef.Same).Distinct().ToList();
        if (fromEntry is not null && destinations.Count > 0)
        {
            var fromNodes = List(fromEntry.Value, "", "").ToList();
            nameChecks.Add(() =>
            {
                if (!kinds.TryGetValue(kind, out var k))
                {
                    return;
                }

                foreach (var s in fromNodes)
                {
                    if (destinations.Any(d => d != s.Value) && k.States.TryGetValue(s.Value, out var st) && st.Final)
                    {
                        Error(s, PackErrorCodes.FinalHasExit, path + ".from",
                            $"\"{s.Value}\" 是终结状态（final: true），不能再转到别的状态；要么去掉 final，要么让动作停在原状态（to: {s.Value} 或 to: {ActionDef.Same}）");
                    }
                }
            });
        }

        var by = new List<ActorSpec>();
        if (keys.TryGetValue("by", out var byEntry))
        {
            var actors = Actors(byEntry.Value, path + ".by", allowCitizen: true);
            if (actors.Count == 0 && byEntry.Value is YScalar { IsNull: true } or YSequence { Items.Count: 0 })
            {
                Error(byEntry.Value, PackErrorCodes.WrongType, path + ".by", "不能为空：至少写一个 role:角色、party:当事人 或 citizen");
            }

            foreach (var (spec, specNode) in actors)
            {
                by.Add(spec);
                CheckActorLater(kind, spec, specNode, path + ".by");
                if (spec.Kind == ActorSpecKind.Citizen && !open.Citizens)
                {
                    Error(specNode, PackErrorCodes.BadActor, path + ".by", $"citizen（提交事项的群众）只能用于群众可提交的事项：kinds.{kind}.open.citizens 应为 true");
                }
            }
        }

        var (requires, requiredWhen) = RequiresRefs(kind, keys, path);
        var sets = FieldRefs(kind, keys, "sets", path);

        var signoff = new List<ActorSpec>();
        if (keys.TryGetValue("signoff", out var signoffEntry))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (spec, specNode) in Actors(signoffEntry.Value, path + ".signoff", allowCitizen: false))
            {
                if (!seen.Add(spec.ToString()))
                {
                    Error(specNode, PackErrorCodes.DuplicateName, path + ".signoff", $"{spec} 重复");
                    continue;
                }

                signoff.Add(spec);
                CheckActorLater(kind, spec, specNode, path + ".signoff");
            }

            if (signoff.Count < 2)
            {
                Error(signoffEntry.Key, PackErrorCodes.SignoffTooFew, path + ".signoff",
                    "会签至少要有两个不同的签署人，如 [party:handler, party:in_charge]；只需一人时不用 signoff");
            }
        }

        var confirm = keys.TryGetValue("confirm", out var c) ? Text(c.Value, path + ".confirm") : null;
        var when = keys.TryGetValue("when", out var w) ? ConditionOf(kind, w.Value, path + ".when") : null;

        var effects = new List<Effect>();
        if (keys.TryGetValue("effects", out var effectsEntry))
        {
            var items = Items(effectsEntry.Value, path + ".effects", "- {emit: sanctioned}");
            for (var i = 0; i < items.Count; i++)
            {
                if (ReadEffect(kind, items[i], $"{path}.effects[{i}]") is { } effect)
                {
                    effects.Add(effect);
                }
            }
        }

        return title is null || to is null
            ? null
            : new ActionDef(code, title, from, to, by, requires, sets, signoff, confirm, when, effects, Span(keyNode)) { RequiredWhen = requiredWhen, ToWhen = toWhen };
    }

    /// <summary>
    /// <c>to: done</c>, <c>to: same</c>, or a destination chosen by conditions, tried in order, the last one
    /// <c>otherwise</c>: <c>to: {reopened: rating == 不满意, closed: otherwise}</c>. Returns the fallback and the rest.
    /// </summary>
    private (string? To, List<(string State, Condition When)> When) ReadTo(string kind, YNode node, string path)
    {
        var when = new List<(string, Condition)>();
        if (node is not YMapping map)
        {
            if (Str(node, path, "状态") is not { } text)
            {
                return (null, when);
            }

            if (text != ActionDef.Same)
            {
                CheckStateLater(kind, text, node, path);
            }

            return (text, when);
        }

        string? otherwise = null;
        for (var i = 0; i < map.Entries.Count; i++)
        {
            var (keyNode, valueNode) = (map.Entries[i].Key, map.Entries[i].Value);
            if (keyNode is not YScalar { IsNull: false } stateNode || string.IsNullOrWhiteSpace(stateNode.Value))
            {
                Error(keyNode, PackErrorCodes.WrongType, path, "应为状态名");
                continue;
            }

            var state = stateNode.Value;
            var p = $"{path}.{state}";
            if (state != ActionDef.Same)
            {
                CheckStateLater(kind, state, stateNode, p);
            }

            var last = i == map.Entries.Count - 1;
            if (valueNode is YScalar { Value: Otherwise })
            {
                if (!last)
                {
                    Error(valueNode, PackErrorCodes.BadCondition, p, $"{Otherwise} 只能写在最后一项：前面的条件依次判断，都不成立时才去 {Otherwise} 的状态");
                }

                otherwise = state;
            }
            else if (last)
            {
                Error(valueNode, PackErrorCodes.BadCondition, p, $"最后一项要写 {Otherwise}（前面的条件都不成立时去的状态），如 {{reopened: rating == 不满意, closed: {Otherwise}}}");
            }
            else if (ConditionOf(kind, valueNode, p) is { } condition)
            {
                when.Add((state, condition));
            }
        }

        return (otherwise, when);
    }

    /// <summary>The catch-all of a conditional <c>to</c>.</summary>
    private const string Otherwise = "otherwise";

    /// <summary>
    /// <c>requires</c>: field and party names, each either always required (<c>measures</c>) or required when a condition
    /// holds after the action (<c>{deadline: term == 限期}</c>).
    /// </summary>
    private (List<string> All, Dictionary<string, Condition> When) RequiresRefs(string kind, Dictionary<string, YEntry> keys, string path)
    {
        var all = new List<string>();
        var when = new Dictionary<string, Condition>(StringComparer.Ordinal);
        if (!keys.TryGetValue("requires", out var entry))
        {
            return (all, when);
        }

        var items = entry.Value is YSequence seq ? seq.Items : [entry.Value];
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}.requires[{i}]";
            switch (items[i])
            {
                case YScalar { IsNull: false } s when !string.IsNullOrWhiteSpace(s.Value):
                    all.Add(s.Value);
                    CheckFieldLater(kind, s.Value, s, path + ".requires", partiesToo: true);
                    break;
                case YMapping { Entries.Count: 1 } m when m.Entries[0].Key is YScalar name:
                    all.Add(name.Value);
                    CheckFieldLater(kind, name.Value, name, path + ".requires", partiesToo: true);
                    if (ConditionOf(kind, m.Entries[0].Value, $"{itemPath}.{name.Value}") is { } condition)
                    {
                        when[name.Value] = condition;
                    }

                    break;
                case null when items.Count == 1:
                    break;
                default:
                    Error(items[i], PackErrorCodes.WrongType, itemPath, $"应为字段名，或 {{字段名: 条件}}（条件成立时才必填，如 {{deadline: term == 限期}}），却是{Describe(items[i])}");
                    break;
            }
        }

        return (all, when);
    }

    /// <summary>A list of field and party names (<c>requires</c>, <c>sets</c>).</summary>
    private List<string> FieldRefs(string kind, Dictionary<string, YEntry> keys, string key, string path)
    {
        var result = new List<string>();
        if (!keys.TryGetValue(key, out var entry))
        {
            return result;
        }

        foreach (var s in List(entry.Value, path + "." + key, "字段名"))
        {
            result.Add(s.Value);
            CheckFieldLater(kind, s.Value, s, path + "." + key, partiesToo: true);
        }

        return result;
    }

    private Effect? ReadEffect(string kind, YNode node, string path)
    {
        var keys = Keys(node, path, EffectKeys, [], null, "{open: {kind: talk, about: party:in_charge}} 或 {suspend: inspection}");
        if (keys is null)
        {
            return null;
        }

        var when = keys.Remove("when", out var whenEntry) ? ConditionOf(kind, whenEntry.Value, path + ".when") : null;
        if (keys.Count != 1)
        {
            Error(node, PackErrorCodes.BadEffect, path,
                $"每个效果写成一个键的映射：open、suspend、resume、publish 或 emit 之一，可另加 when 条件（这里有 {keys.Count} 个）");
            return null;
        }

        return ReadEffectBody(kind, node, path, keys.First()) is { } effect ? effect with { When = when } : null;
    }

    private Effect? ReadEffectBody(string kind, YNode node, string path, KeyValuePair<string, YEntry> key)
    {
        var (name, entry) = key;
        var p = path + "." + name;
        switch (name)
        {
            case "open":
                if (ReadOpenMatter(entry.Value, p) is not { } open)
                {
                    return null;
                }

                CheckOpenTarget(open, kind);
                if (open.Open.About is { } about && open.AboutNode is { } aboutNode)
                {
                    CheckPartyLater(kind, about, aboutNode, p + ".about");
                }

                return new Effect(EffectKind.Open, open.Open, null, null, Span(node));

            case "suspend" or "resume":
                if (Name(entry.Value, p, "关联") is not { } link)
                {
                    return null;
                }

                CheckLinkLater(kind, link, entry.Value, p);
                return new Effect(name == "suspend" ? EffectKind.SuspendLinked : EffectKind.ResumeLinked, null, link, null, Span(node));

            case "publish":
                if (Name(entry.Value, p, "公开栏目") is not { } publication)
                {
                    return null;
                }

                nameChecks.Add(() =>
                {
                    var pub = publications.FirstOrDefault(x => x.Code == publication);
                    if (pub is null)
                    {
                        Error(entry.Value, PackErrorCodes.UnknownPublication, p, $"未知的公开栏目 \"{publication}\"{Available(publications.Select(x => x.Code), "公开栏目（publish）")}");
                    }
                    else if (pub.Kind != kind)
                    {
                        Error(entry.Value, PackErrorCodes.BadEffect, p, $"公开栏目 \"{publication}\" 公开的是 {pub.Kind} 事项，不是 {kind}");
                    }
                });

                // The publication's code travels in Effect.Event (the model has no separate slot for it).
                return new Effect(EffectKind.Publish, null, null, publication, Span(node));

            default:
                return Name(entry.Value, p, "事件") is { } evt ? new Effect(EffectKind.Emit, null, null, evt, Span(node)) : null;
        }
    }

    private OpenMatterRef? ReadOpenMatter(YNode node, string path)
    {
        var keys = Keys(node, path, OpenMatterKeys, ["kind"], null, "{kind: talk, about: party:in_charge, fields: {reason: 压案不查}}");
        if (keys is null)
        {
            return null;
        }

        var kind = keys.TryGetValue("kind", out var k) ? Str(k.Value, path + ".kind", "事项种类") : null;
        string? about = null;
        YNode? aboutNode = null;
        if (keys.TryGetValue("about", out var a) && Str(a.Value, path + ".about") is { } aboutText)
        {
            aboutNode = a.Value;
            if (aboutText.StartsWith("party:", StringComparison.Ordinal) && aboutText.Length > "party:".Length)
            {
                about = aboutText["party:".Length..];
            }
            else
            {
                Error(a.Value, PackErrorCodes.BadActor, path + ".about", $"应写作 party:当事人（新事项针对本事项的哪个当事人），却是 \"{aboutText}\"");
            }
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var fieldNodes = new Dictionary<string, YNode>(StringComparer.Ordinal);
        if (keys.TryGetValue("fields", out var f))
        {
            foreach (var entry in Named(f.Value, path + ".fields", "字段"))
            {
                var name = ((YScalar)entry.Key).Value;
                if (Str(entry.Value, $"{path}.fields.{name}", "字段的值") is { } value)
                {
                    if (value.StartsWith(OpenMatter.CopyPrefix, StringComparison.Ordinal) && OpenMatter.CopiedField(value) is not { } copied)
                    {
                        Error(entry.Value, PackErrorCodes.FieldValue, $"{path}.fields.{name}", $"{OpenMatter.CopyPrefix} 后面要写本事项的字段名，如 {OpenMatter.CopyPrefix}description");
                        continue;
                    }

                    fields[name] = value;
                    fieldNodes[name] = entry.Key;
                }
            }
        }

        if (kind is null || k is null)
        {
            return null;
        }

        return new OpenMatterRef(new OpenMatter(kind, about, fields, Span(node)), k.Value, path, fieldNodes, aboutNode);
    }

    /// <summary>Checks the kind an <c>open</c> names and the fields it fills in (local kinds only; others are recorded).</summary>
    private void CheckOpenTarget(OpenMatterRef open, string? sourceKind = null) =>
        CheckKindRefLater(open.Open.Kind, open.Node, open.Path + ".kind", null, open, sourceKind);

    // ---- clocks -------------------------------------------------------------------------------------------

    private ClockDef? ReadClock(string kind, string code, YNode keyNode, YNode node, string path, YNode? initialNode)
    {
        var keys = Keys(node, path, ClockKeys, ["title", "start", "stop"], keyNode,
            "{title: 查核时限, start: registered, stop: [concluded], limit: 15 days}");
        if (keys is null)
        {
            return null;
        }

        var title = keys.TryGetValue("title", out var t) ? Text(t.Value, path + ".title") : null;
        var points = new Dictionary<string, List<YScalar>>(StringComparer.Ordinal);
        string? startField = null;
        YEntry? startFieldEntry = null;
        foreach (var key in new[] { "start", "stop", "pause", "resume" })
        {
            List<YScalar> list;
            if (key == "start" && keys.TryGetValue(key, out var se) && se.Value is YMapping)
            {
                (list, startField, startFieldEntry) = ReadClockStart(kind, se.Value, path + ".start", se.Key, initialNode);
            }
            else
            {
                list = keys.TryGetValue(key, out var e) ? List(e.Value, path + "." + key, "状态或 action:动作", allowEmpty: key is "pause" or "resume") : [];
            }

            points[key] = list;
            foreach (var s in list)
            {
                CheckPointLater(kind, s, path + "." + key);
            }
        }

        if (keys.ContainsKey("pause") != keys.ContainsKey("resume"))
        {
            var given = keys.ContainsKey("pause") ? "pause" : "resume";
            Error(keys[given].Key, PackErrorCodes.ClockRule, path + "." + given, "pause 和 resume 要成对出现：写了暂停就要写何时恢复");
        }

        TimeLimit? limit = null;
        if (keys.TryGetValue("limit", out var limitEntry) && Str(limitEntry.Value, path + ".limit", "时限") is { } limitText)
        {
            try
            {
                limit = TimeLimit.Parse(limitText);
            }
            catch (FormatException ex)
            {
                var reason = ex is TimeLimitFormatException tl ? ChineseReason(tl.Reason) : ex.Message;
                Error(limitEntry.Value, PackErrorCodes.BadTimeLimit, path + ".limit",
                    $"看不懂的时限 \"{limitText}\"（{reason}）；可写 15 days、15日、3 working days、3个工作日、2 weeks、3个月、当日、月底前，加 strict 或（不顺延）表示到期日不顺延，详见 packs/calendars/README.md");
            }
        }

        DueRule? due = null;
        if (keys.TryGetValue("due", out var dueEntry))
        {
            due = ReadDue(kind, dueEntry.Value, path + ".due", dueEntry.Key);
        }

        if (keys.ContainsKey("limit") && keys.ContainsKey("due"))
        {
            Error(dueEntry!.Key, PackErrorCodes.ClockRule, path, "limit 和 due 只能写一个：limit 是从开始算的时限，due 是取自别处的到期日");
        }
        else if (!keys.ContainsKey("limit") && !keys.ContainsKey("due"))
        {
            Error(keyNode, PackErrorCodes.ClockRule, path, "缺少 limit（如 15 days）或 due（如 {field: deadline}）");
        }

        string? ladder = null;
        if (keys.TryGetValue("ladder", out var ladderEntry) && Name(ladderEntry.Value, path + ".ladder", "阶梯") is { } l)
        {
            ladder = l;
            nameChecks.Add(() =>
            {
                if (!ladders.ContainsKey(l))
                {
                    Error(ladderEntry.Value, PackErrorCodes.UnknownLadder, path + ".ladder", $"未知的阶梯 \"{l}\"{Available(ladders.Keys, "阶梯（ladders）")}");
                }
            });
        }

        var when = keys.TryGetValue("when", out var w) ? ConditionOf(kind, w.Value, path + ".when") : null;
        var periodic = keys.TryGetValue("periodic", out var per) && Bool(per.Value, path + ".periodic") == true;
        if (periodic && keys.ContainsKey("due"))
        {
            Error(per!.Key, PackErrorCodes.ClockRule, path + ".periodic", "periodic（周期计时）要配 limit，不能配 due");
        }

        if (periodic && startFieldEntry is { } sfe)
        {
            Error(sfe.Key, PackErrorCodes.ClockRule, path + ".start.field", "periodic（周期计时）每次重新开始都从当天算，不能用 start.field 取开始日期");
        }

        if (title is null)
        {
            return null;
        }

        var clock = new ClockDef(code, title, Values(points["start"]), Values(points["stop"]), Values(points["pause"]), Values(points["resume"]),
            limit, due, ladder, when, periodic, Span(keyNode), startField);
        var stopNode = keys.TryGetValue("stop", out var stopEntry) ? stopEntry.Key : keyNode;
        graphChecks.Add(() => CheckClockStops(kind, clock, points["start"], stopNode, path));
        return clock;
    }

    private static readonly string[] ClockStartKeys = ["on", "field"];

    /// <summary>
    /// <c>start: {on: [states or action:code], field: date_field}</c>: the clock starts on those triggers (without
    /// <c>on</c>, when the matter is opened: the initial state), but its start date is the date field's value.
    /// </summary>
    private (List<YScalar> On, string? Field, YEntry? FieldEntry) ReadClockStart(string kind, YNode node, string path, YNode keyNode, YNode? initialNode)
    {
        var keys = Keys(node, path, ClockStartKeys, ["field"], keyNode, "{on: registered, field: discovered_on}");
        if (keys is null)
        {
            return ([], null, null);
        }

        List<YScalar> on;
        if (keys.TryGetValue("on", out var onEntry))
        {
            on = List(onEntry.Value, path + ".on", "状态或 action:动作", allowEmpty: false);
        }
        else
        {
            // No `on`: the clock starts when the matter is opened, i.e. on entering the initial state.
            on = initialNode is YScalar { IsNull: false } initial ? [initial] : [];
        }

        if (!keys.TryGetValue("field", out var f) || Name(f.Value, path + ".field", "字段") is not { } field)
        {
            return (on, null, null);
        }

        nameChecks.Add(() =>
        {
            if (!kinds.TryGetValue(kind, out var k))
            {
                return;
            }

            if (!k.Fields.TryGetValue(field, out var def))
            {
                Error(f.Value, PackErrorCodes.UnknownField, path + ".field", $"未知的字段 \"{field}\"{Available(k.Fields.Keys, "字段")}");
            }
            else if (def.Type != FieldType.Date)
            {
                Error(f.Value, PackErrorCodes.ClockRule, path + ".field", $"开始日期要取自 date 字段，\"{field}\" 是 {Lower(def.Type)}");
            }
            else if (def.ConfidentialTo.Count > 0)
            {
                Error(f.Value, PackErrorCodes.ClockRule, path + ".field", $"\"{field}\" 是保密字段（confidential），计时读不到它的值");
            }
        });
        return (on, field, f);
    }

    /// <summary>The reasons <see cref="TimeLimit.Parse"/> gives, in Chinese (any other reason is kept as is).</summary>
    private static string ChineseReason(string reason) => reason switch
    {
        "unknown form" => "写法无法识别",
        "the text is empty" => "内容为空",
        _ when reason.StartsWith("the count", StringComparison.Ordinal) => $"数目须为 1 到 {TimeLimit.MaxCount} 的整数",
        _ when reason.Contains("strict", StringComparison.Ordinal) => "只有日、周、月、年的时限可以不顺延，工作日、当日、月底前本来就不顺延",
        _ => reason,
    };

    private static List<string> Values(List<YScalar> nodes) => nodes.Select(n => n.Value).ToList();

    private DueRule? ReadDue(string kind, YNode node, string path, YNode keyNode)
    {
        var keys = Keys(node, path, DueKeys, [], keyNode, "{field: deadline} 或 {link: inspection, clock: period}");
        if (keys is null)
        {
            return null;
        }

        if (keys.TryGetValue("field", out var f))
        {
            if (keys.ContainsKey("link") || keys.ContainsKey("clock"))
            {
                Error(node, PackErrorCodes.ClockRule, path, "due 写 {field: 日期字段} 或 {link: 关联字段, clock: 计时} 之一");
                return null;
            }

            if (Name(f.Value, path + ".field", "字段") is not { } field)
            {
                return null;
            }

            nameChecks.Add(() =>
            {
                if (!kinds.TryGetValue(kind, out var k))
                {
                    return;
                }

                if (!k.Fields.TryGetValue(field, out var def))
                {
                    Error(f.Value, PackErrorCodes.UnknownField, path + ".field", $"未知的字段 \"{field}\"{Available(k.Fields.Keys, "字段")}");
                }
                else if (def.Type != FieldType.Date)
                {
                    Error(f.Value, PackErrorCodes.ClockRule, path + ".field", $"到期日要取自 date 字段，\"{field}\" 是 {Lower(def.Type)}");
                }
            });
            return new DueRule(field, null, Span(node));
        }

        if (!keys.TryGetValue("link", out var l) || !keys.TryGetValue("clock", out var c))
        {
            Error(keyNode, PackErrorCodes.ClockRule, path, "due 写 {field: 日期字段} 或 {link: 关联字段, clock: 计时}（link 和 clock 都要写）");
            return null;
        }

        var link = Name(l.Value, path + ".link", "关联");
        var clock = Name(c.Value, path + ".clock", "计时");
        if (link is null || clock is null)
        {
            return null;
        }

        nameChecks.Add(() =>
        {
            if (LinkedKind(kind, link, l.Value, path + ".link") is not { } target)
            {
                return;
            }

            var slash = target.IndexOf('/');
            if (slash >= 0 && target[..slash] != packId)
            {
                CrossRefs.Add(new CrossRef(target[..slash], target[(slash + 1)..], clock, [], c.Value, path + ".clock", path, null));
                return;
            }

            target = target[(slash + 1)..];
            if (kinds.TryGetValue(target, out var k) && !k.Clocks.ContainsKey(clock))
            {
                Error(c.Value, PackErrorCodes.UnknownClock, path + ".clock", $"kinds.{target} 没有计时 \"{clock}\"{Available(k.Clocks.Keys, "计时")}");
            }
        });
        return new DueRule(link, clock, Span(node));
    }

    // ---- publications -------------------------------------------------------------------------------------

    private void ReadPublications(YNode node)
    {
        foreach (var entry in Named(node, "publish", "公开栏目"))
        {
            var code = ((YScalar)entry.Key).Value;
            var path = $"publish.{code}";
            var keys = Keys(entry.Value, path, PublishKeys, ["title", "kind", "show"], entry.Key,
                "{title: 典型案例, kind: report, when: state == sanctioned, show: [outcome]}");
            if (keys is null)
            {
                continue;
            }

            var title = keys.TryGetValue("title", out var t) ? Text(t.Value, path + ".title") : null;
            string? kind = null;
            if (keys.TryGetValue("kind", out var k) && Name(k.Value, path + ".kind", "事项种类") is { } kindCode)
            {
                kind = kindCode;
                if (!kindNodes.ContainsKey(kindCode))
                {
                    Error(k.Value, PackErrorCodes.UnknownKind, path + ".kind", $"未知的事项种类 \"{kindCode}\"（只能公开本包的事项）{Available(kindNodes.Keys, "事项种类")}");
                }
            }

            var when = keys.TryGetValue("when", out var w) && kind is not null ? ConditionOf(kind, w.Value, path + ".when") : null;
            var show = new List<string>();
            if (keys.TryGetValue("show", out var s))
            {
                foreach (var f in List(s.Value, path + ".show", "字段名", allowEmpty: false))
                {
                    show.Add(f.Value);
                    if (kind is null)
                    {
                        continue;
                    }

                    var shownKind = kind;
                    nameChecks.Add(() =>
                    {
                        if (!kinds.TryGetValue(shownKind, out var kd))
                        {
                            return;
                        }

                        if (!kd.Fields.TryGetValue(f.Value, out var def))
                        {
                            Error(f, PackErrorCodes.UnknownField, path + ".show", $"未知的字段 \"{f.Value}\"（kinds.{shownKind}）{Available(kd.Fields.Keys, "字段")}");
                        }
                        else if (def.ConfidentialTo.Count > 0)
                        {
                            Error(f, PackErrorCodes.FieldRule, path + ".show", $"\"{f.Value}\" 是保密字段（confidential），不能公开");
                        }
                    });
                }
            }

            if (title is not null && kind is not null)
            {
                publications.Add(new Publication(code, title, kind, when, show, Span(entry.Key)));
            }
        }
    }

    // ---- actors -------------------------------------------------------------------------------------------

    private List<(ActorSpec Spec, YScalar Node)> Actors(YNode node, string path, bool allowCitizen)
    {
        var result = new List<(ActorSpec, YScalar)>();
        foreach (var s in List(node, path, "role:角色、party:当事人" + (allowCitizen ? " 或 citizen" : "")))
        {
            var text = s.Value.Trim();
            ActorSpec? spec = null;
            if (text == "citizen")
            {
                if (allowCitizen)
                {
                    spec = new ActorSpec(ActorSpecKind.Citizen, "", Span(s));
                }
                else
                {
                    Error(s, PackErrorCodes.BadActor, path, "这里不能写 citizen，只能写 role:角色 或 party:当事人");
                    continue;
                }
            }
            else if (text.StartsWith("role:", StringComparison.Ordinal) && text.Length > 5)
            {
                spec = new ActorSpec(ActorSpecKind.Role, text[5..].Trim(), Span(s));
            }
            else if (text.StartsWith("party:", StringComparison.Ordinal) && text.Length > 6)
            {
                spec = new ActorSpec(ActorSpecKind.Party, text[6..].Trim(), Span(s));
            }

            if (spec is null)
            {
                Error(s, PackErrorCodes.BadActor, path,
                    $"应写作 role:角色、party:当事人{(allowCitizen ? " 或 citizen" : "")}，却是 \"{text}\"");
                continue;
            }

            result.Add((spec, s));
        }

        return result;
    }

    private void CheckActorLater(string kind, ActorSpec spec, YNode node, string path)
    {
        switch (spec.Kind)
        {
            case ActorSpecKind.Role:
                CheckRoleLater(spec.Code, node, path);
                break;
            case ActorSpecKind.Party:
                CheckPartyLater(kind, spec.Code, node, path);
                break;
        }
    }
}
