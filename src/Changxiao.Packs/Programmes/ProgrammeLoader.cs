using Changxiao.Kernel.Inspections;
using Changxiao.Kernel.Packs;
using Changxiao.Packs.Org;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Changxiao.Packs.Programmes;

/// <summary>
/// Reads a pack's optional programmes.yaml (督查计划):
/// <code>
/// programmes:
///   monthly-unannounced:
///     title: 月度暗访
///     kind: inspection
///     every: month                 # week | month | quarter | half-year | year
///     fields: {type: 月度暗访, mode: 暗访}
///     units: {kinds: [township, bureau], count: 3, party: inspected}
///     inspectors: {role: inspector, count: 2, party: inspectors}
///     period-field: period
///     on: first working day        # optional: the working day of the period the draw waits for
/// </code>
/// Errors name file, line and column, like every pack error.
/// </summary>
public static class ProgrammeLoader
{
    public const string FileName = "programmes.yaml";

    public static IReadOnlyList<Programme> Load(string packDir, Pack pack)
    {
        var file = Path.Combine(packDir, FileName);
        if (!File.Exists(file)) return [];
        var yaml = new YamlStream();
        try
        {
            using var reader = File.OpenText(file);
            yaml.Load(reader);
        }
        catch (YamlException e)
        {
            throw new PackFormatException(file, e.Start.Line, e.Start.Column, "YAML 语法错误：" + e.Message);
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("programmes"), out var list) || list is not YamlMappingNode programmes)
            throw new PackFormatException(file, 1, 1, "programmes.yaml 应以 programmes: 开头，下面每项是一个督查计划");

        var result = new List<Programme>();
        foreach (var (keyNode, node) in programmes.Children)
        {
            var code = ((YamlScalarNode)keyNode).Value!;
            if (node is not YamlMappingNode m) throw Error(file, node, $"programmes.{code}: 应为映射");
            string Str(YamlMappingNode map, string key, string path, bool required = true)
            {
                if (map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)) return s.Value!;
                if (required) throw Error(file, map, $"{path}.{key}: 缺少");
                return "";
            }
            YamlMappingNode Map(string key)
            {
                if (m.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlMappingNode mm) return mm;
                throw Error(file, m, $"programmes.{code}.{key}: 缺少或不是映射");
            }
            int Count(YamlMappingNode map, string path)
            {
                var text = Str(map, "count", path);
                if (!int.TryParse(text, out var n) || n < 1) throw Error(file, map, $"{path}.count: 应为正整数，实为 {text}");
                return n;
            }
            var path0 = $"programmes.{code}";
            var kindCode = Str(m, "kind", path0);
            if (!pack.Kinds.TryGetValue(kindCode, out var kind))
                throw Error(file, m, $"{path0}.kind: 未知的事项类型 \"{kindCode}\"（可用：{string.Join(", ", pack.Kinds.Keys)}）");
            var every = Str(m, "every", path0) switch
            {
                "week" => Every.Week,
                "month" => Every.Month,
                "quarter" => Every.Quarter,
                "half-year" => Every.HalfYear,
                "year" => Every.Year,
                var x => throw Error(file, m, $"{path0}.every: 未知的周期 \"{x}\"（可用：week, month, quarter, half-year, year）"),
            };
            var fields = new Dictionary<string, string>();
            if (m.Children.TryGetValue(new YamlScalarNode("fields"), out var fn))
            {
                if (fn is not YamlMappingNode fm) throw Error(file, fn, $"{path0}.fields: 应为映射");
                foreach (var (k, v) in fm.Children)
                {
                    var f = ((YamlScalarNode)k).Value!;
                    var value = (v as YamlScalarNode)?.Value ?? "";
                    if (!kind.Fields.TryGetValue(f, out var def)) throw Error(file, k, $"{path0}.fields.{f}: 事项类型 {kindCode} 没有这个字段");
                    if (def.Type == FieldType.Choice && !def.Options.Contains(value))
                        throw Error(file, v, $"{path0}.fields.{f}: \"{value}\" 不是选项（可用：{string.Join(", ", def.Options)}）");
                    fields[f] = value;
                }
            }
            var units = Map("units");
            var unitKinds = units.Children.TryGetValue(new YamlScalarNode("kinds"), out var uk) && uk is YamlSequenceNode seq
                ? seq.Children.OfType<YamlScalarNode>().Select(s => s.Value!).ToList()
                : throw Error(file, units, $"{path0}.units.kinds: 缺少单位类型列表");
            var unitsParty = Str(units, "party", path0 + ".units", required: false) is { Length: > 0 } up ? up : "inspected";
            if (!kind.Parties.TryGetValue(unitsParty, out var upd) || upd.Type != PartyType.Unit)
                throw Error(file, units, $"{path0}.units.party: 事项类型 {kindCode} 没有单位类当事方 \"{unitsParty}\"");
            var inspectors = Map("inspectors");
            var role = Str(inspectors, "role", path0 + ".inspectors");
            if (!pack.Roles.ContainsKey(role)) throw Error(file, inspectors, $"{path0}.inspectors.role: 机制包没有角色 \"{role}\"");
            var inspectorsParty = Str(inspectors, "party", path0 + ".inspectors", required: false) is { Length: > 0 } ip ? ip : "inspectors";
            if (!kind.Parties.TryGetValue(inspectorsParty, out var ipd) || ipd.Type != PartyType.Person)
                throw Error(file, inspectors, $"{path0}.inspectors.party: 事项类型 {kindCode} 没有人员类当事方 \"{inspectorsParty}\"");
            var periodField = Str(m, "period-field", path0, required: false);
            if (periodField.Length > 0 && (!kind.Fields.TryGetValue(periodField, out var pf) || pf.Type != FieldType.Text))
                throw Error(file, m, $"{path0}.period-field: 事项类型 {kindCode} 没有文本字段 \"{periodField}\"");
            var title = Str(m, "title", path0);
            DrawDay? on = null;
            if (m.Children.TryGetValue(new YamlScalarNode("on"), out var onNode))
                on = DrawDayOf((onNode as YamlScalarNode)?.Value ?? "")
                     ?? throw Error(file, onNode, $"{path0}.on: 看不懂的抽取日 \"{(onNode as YamlScalarNode)?.Value}\"；可写 first working day、last working day、" +
                                                  "working day 3、working day 10 from end，或 第一个工作日、最后一个工作日、第3个工作日、倒数第10个工作日");
            result.Add(new Programme(code, new Text(title), kindCode, every, fields, unitKinds, Count(units, path0 + ".units"),
                role, Count(inspectors, path0 + ".inspectors"), unitsParty, inspectorsParty, periodField.Length > 0 ? periodField : null,
                new SourceSpan(file, (int)m.Start.Line, (int)m.Start.Column)) { On = on });
        }
        return result;
    }

    /// <summary>The working day of the period a programme draws on (see <see cref="DrawDay"/>), or null when unreadable.</summary>
    public static DrawDay? DrawDayOf(string text)
    {
        var t = text.Trim();
        if (t is "first working day" or "第一个工作日") return new DrawDay(1, false);
        if (t is "last working day" or "最后一个工作日") return new DrawDay(1, true);
        var en = System.Text.RegularExpressions.Regex.Match(t, @"^working day (\d{1,3})( from end)?$");
        if (en.Success && int.Parse(en.Groups[1].Value) is > 0 and var n) return new DrawDay(n, en.Groups[2].Success);
        var zh = System.Text.RegularExpressions.Regex.Match(t, @"^(倒数)?第(\d{1,3})个工作日$");
        if (zh.Success && int.Parse(zh.Groups[2].Value) is > 0 and var z) return new DrawDay(z, zh.Groups[1].Success);
        return null;
    }

    private static PackFormatException Error(string file, YamlNode node, string message) =>
        new(file, node.Start.Line, node.Start.Column, message);
}
