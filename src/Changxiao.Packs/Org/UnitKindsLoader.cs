using Changxiao.Kernel.Org;
using YamlDotNet.RepresentationModel;

namespace Changxiao.Packs.Org;

public static class UnitKindsLoader
{
    /// <summary>Reads packs/org/unit-kinds.yaml; errors name file, line and column.</summary>
    public static UnitKinds Load(string file)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(file)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        if (!root.Children.TryGetValue(new YamlScalarNode("kinds"), out var kindsNode) || kindsNode is not YamlSequenceNode seq)
            throw new PackFormatException(file, root.Start.Line, root.Start.Column, "缺少 kinds 列表");
        var kinds = new List<UnitKind>();
        foreach (var item in seq)
        {
            if (item is not YamlMappingNode m) throw new PackFormatException(file, item.Start.Line, item.Start.Column, "每个单位类型应为 {code, zh, en}");
            string Get(string key) => m.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)
                ? s.Value!
                : throw new PackFormatException(file, m.Start.Line, m.Start.Column, $"缺少 {key}");
            kinds.Add(new UnitKind(Get("code"), Get("zh"), Get("en")));
        }
        try { return new UnitKinds(kinds); }
        catch (ArgumentException e) { throw new PackFormatException(file, seq.Start.Line, seq.Start.Column, e.Message); }
    }
}

/// <summary>A pack file that cannot be used, with where and why.</summary>
public sealed class PackFormatException(string file, long line, long column, string message)
    : Exception($"{file}:{line}:{column}: {message}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
    public long Column { get; } = column;
}
