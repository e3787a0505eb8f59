using System.Text.RegularExpressions;
using Changxiao.Kernel.Packs;

namespace Changxiao.Packs.Mechanisms;

/// <summary>
/// Shape checks shared by the pack reader: mappings with known keys, names, texts, booleans, numbers and lists.
/// Every problem is added to <see cref="Errors"/> as <c>path: message</c> at the node's place; the readers return
/// null (or an empty list) for a bad value and carry on, so that one run reports everything.
/// </summary>
internal class YamlReading
{
    /// <summary>Codes (names) of states, fields, kinds, roles …: lower-case ASCII, digits, _ and -, starting with a letter.</summary>
    public static readonly Regex NamePattern = new("^[a-z][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);

    public List<PackError> Errors { get; } = [];

    public static SourceSpan Span(YNode node) => new(node.File, node.Line, node.Column);

    public void Error(YNode node, string code, string path, string message) =>
        Error(node.File, node.Line, node.Column, code, path, message);

    public void Error(string file, int line, int column, string code, string path, string message) =>
        Errors.Add(new PackError(file, line, column, path.Length == 0 ? message : $"{path}: {message}") { Code = code });

    public static string Join(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 20 ? string.Join(", ", list) : string.Join(", ", list.Take(20)) + ", …";
    }

    /// <summary>"（可用：a, b）" or "（这里没有定义任何X）".</summary>
    public static string Available(IEnumerable<string> names, string what)
    {
        var list = names.Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? $"（没有定义任何{what}）" : $"（可用：{Join(list)}）";
    }

    public static string Path(string path, string key) => path.Length == 0 ? key : path + "." + key;

    /// <summary>
    /// Reads a mapping with a fixed set of keys. Reports a node that is not a mapping, unknown keys (naming the
    /// allowed ones), keys given twice and missing required keys (at <paramref name="owner"/>, the key the mapping
    /// sits under, or at the mapping itself). Returns null when the node is not a mapping.
    /// </summary>
    public Dictionary<string, YEntry>? Keys(YNode node, string path, string[] allowed, string[] required, YNode? owner, string example)
    {
        if (node is not YMapping map)
        {
            var what = node is YScalar { IsNull: true } ? "却为空" : $"却是{node.Describe()}";
            Error(node, PackErrorCodes.WrongType, path, $"应为映射（键: 值），{what}；例如 {example}");
            return null;
        }

        var result = new Dictionary<string, YEntry>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            if (entry.Name is not { } key || entry.Key is not YScalar)
            {
                Error(entry.Key, PackErrorCodes.WrongType, path, "键必须是一个词");
                continue;
            }

            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                Error(entry.Key, PackErrorCodes.UnknownKey, Path(path, key), $"未知的键 \"{key}\"（可用：{string.Join(", ", allowed)}）");
                continue;
            }

            if (!result.TryAdd(key, entry))
            {
                Error(entry.Key, PackErrorCodes.DuplicateKey, Path(path, key), $"重复的键 \"{key}\"（第一次在第 {result[key].Key.Line} 行）");
            }
        }

        foreach (var key in required)
        {
            if (!result.ContainsKey(key))
            {
                Error(owner ?? node, PackErrorCodes.MissingKey, path, $"缺少必填键 \"{key}\"");
            }
        }

        return result;
    }

    /// <summary>
    /// Reads a mapping of names to definitions (<c>states</c>, <c>fields</c>, <c>kinds</c> …). An empty value gives no
    /// entries. Reports a non-mapping, names that are not codes, and names given twice (the second is dropped).
    /// </summary>
    public List<YEntry> Named(YNode? node, string path, string what)
    {
        var result = new List<YEntry>();
        if (node is null or YScalar { IsNull: true })
        {
            return result;
        }

        if (node is not YMapping map)
        {
            Error(node, PackErrorCodes.WrongType, path, $"应为映射：每个{what}一行，如 名称: {{title: 标题}}，却是{node.Describe()}");
            return result;
        }

        var seen = new Dictionary<string, YNode>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            if (entry.Key is not YScalar { IsNull: false } key)
            {
                Error(entry.Key, PackErrorCodes.WrongType, path, $"{what}的名称必须是一个词");
                continue;
            }

            if (seen.TryGetValue(key.Value, out var first))
            {
                Error(key, PackErrorCodes.DuplicateKey, Path(path, key.Value), $"重复的键 \"{key.Value}\"（第一次在第 {first.Line} 行）");
                continue;
            }

            seen[key.Value] = key;
            CheckName(key, Path(path, key.Value), what);
            result.Add(entry);
        }

        return result;
    }

    public bool CheckName(YScalar node, string path, string what)
    {
        if (NamePattern.IsMatch(node.Value))
        {
            return true;
        }

        Error(node, PackErrorCodes.BadName, path,
            $"{what}名称 \"{node.Value}\" 只能用小写英文字母、数字、_ 和 -，以字母开头，最长 64 个字符（中文名称请写在 title 里）");
        return false;
    }

    /// <summary>A non-empty text scalar (numbers and words alike), trimmed.</summary>
    public string? Str(YNode node, string path, string what = "文字")
    {
        if (node is YScalar { IsNull: false } s && !string.IsNullOrWhiteSpace(s.Value))
        {
            return s.Value.Trim();
        }

        Error(node, PackErrorCodes.WrongType, path, node is YScalar ? $"应为{what}，却为空" : $"应为{what}，却是{node.Describe()}");
        return null;
    }

    /// <summary>A name (code) scalar.</summary>
    public string? Name(YNode node, string path, string what)
    {
        var s = Str(node, path, what + "名称");
        if (s is not null && node is YScalar scalar && !NamePattern.IsMatch(s))
        {
            CheckName(scalar, path, what);
        }

        return s;
    }

    public bool? Bool(YNode node, string path)
    {
        if (node is YScalar { IsPlain: true, Value: "true" or "True" or "TRUE" })
        {
            return true;
        }

        if (node is YScalar { IsPlain: true, Value: "false" or "False" or "FALSE" })
        {
            return false;
        }

        Error(node, PackErrorCodes.WrongType, path, $"应为 true 或 false，却是{Describe(node)}");
        return null;
    }

    public int? Int(YNode node, string path, int min, string code = PackErrorCodes.WrongType)
    {
        if (node is YScalar { IsPlain: true } s && int.TryParse(s.Value, System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min)
        {
            return n;
        }

        Error(node, code, path, min == 1 ? $"应为正整数（1、2、3…），却是{Describe(node)}" : $"应为不小于 {min} 的整数，却是{Describe(node)}");
        return null;
    }

    /// <summary>A display text: a plain string (Chinese) or {zh: 中文, en: English}.</summary>
    public Text? Text(YNode node, string path)
    {
        if (node is YScalar { IsNull: false } s && !string.IsNullOrWhiteSpace(s.Value))
        {
            return new Text(s.Value.Trim());
        }

        if (node is YMapping)
        {
            var keys = Keys(node, path, ["zh", "en"], ["zh"], null, "{zh: 中文, en: English}");
            if (keys is null || !keys.TryGetValue("zh", out var zh))
            {
                return null;
            }

            var zhText = Str(zh.Value, Path(path, "zh"));
            var enText = keys.TryGetValue("en", out var en) ? Str(en.Value, Path(path, "en")) : null;
            return zhText is null ? null : new Text(zhText, enText);
        }

        Error(node, PackErrorCodes.WrongType, path, $"应为中文文字，或 {{zh: 中文, en: English}}，却是{Describe(node)}");
        return null;
    }

    /// <summary>One scalar or a list of scalars (<c>from: registered</c> or <c>from: [a, b]</c>); empty value = empty list.</summary>
    public List<YScalar> List(YNode node, string path, string what, bool allowEmpty = true)
    {
        var result = new List<YScalar>();
        switch (node)
        {
            case YScalar { IsNull: true }:
                break;
            case YScalar s:
                result.Add(s);
                break;
            case YSequence seq:
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    if (seq.Items[i] is YScalar { IsNull: false } item && !string.IsNullOrWhiteSpace(item.Value))
                    {
                        result.Add(item);
                    }
                    else
                    {
                        Error(seq.Items[i], PackErrorCodes.WrongType, $"{path}[{i}]", $"应为{what}，却是{Describe(seq.Items[i])}");
                    }
                }

                break;
            default:
                Error(node, PackErrorCodes.WrongType, path, $"应为{what}或由{what}组成的列表 [a, b]，却是{node.Describe()}");
                return result;
        }

        if (result.Count == 0 && !allowEmpty && node is YScalar or YSequence { Items.Count: 0 })
        {
            Error(node, PackErrorCodes.WrongType, path, $"不能为空，至少写一个{what}");
        }

        return result;
    }

    /// <summary>A list of mappings or other nodes (<c>effects</c>, <c>routing</c>, ladder steps); empty value = empty list.</summary>
    public List<YNode> Items(YNode node, string path, string example)
    {
        if (node is YScalar { IsNull: true })
        {
            return [];
        }

        if (node is YSequence seq)
        {
            return seq.Items;
        }

        Error(node, PackErrorCodes.WrongType, path, $"应为列表（每项以 \"- \" 开头），却是{node.Describe()}；例如 {example}");
        return [];
    }

    public static string Describe(YNode node) => node.Describe();
}
