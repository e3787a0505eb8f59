using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Changxiao.Packs.Mechanisms;

// A small YAML node tree built from YamlDotNet's parser events. YamlDotNet's own representation model
// (YamlStream / YamlMappingNode) stops at the first duplicate key with an exception; a pack author should see
// every duplicate and every other problem of the file at once, so the tree keeps duplicate keys and the
// reader reports them. Every node keeps its 1-based line and column and its raw source text.

internal abstract class YNode(string file, Mark start, Mark end)
{
    /// <summary>The file the node was read from, as given to the reader.</summary>
    public string File { get; } = file;

    public Mark Start { get; } = start;

    public Mark End { get; } = end;

    public int Line => checked((int)Start.Line);

    public int Column => checked((int)Start.Column);

    /// <summary>How the node reads in a message: the scalar's value, or "列表" / "映射".</summary>
    public abstract string Describe();
}

internal sealed class YScalar(string file, Mark start, Mark end, string value, ScalarStyle style, string raw) : YNode(file, start, end)
{
    public string Value { get; } = value;

    public ScalarStyle Style { get; } = style;

    /// <summary>The scalar exactly as written in the file (with quotes, if quoted).</summary>
    public string Raw { get; } = raw;

    public bool IsPlain => Style is ScalarStyle.Plain or ScalarStyle.Any;

    /// <summary>An empty value, <c>~</c> or <c>null</c> written without quotes.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "空值" : $"\"{Value}\"";

    /// <summary>
    /// The line and column of the character at <paramref name="offset"/> of <see cref="Value"/>, when the value is
    /// written on one line without escapes (plain or quoted); otherwise the start of the scalar.
    /// </summary>
    public (int Line, int Column) At(int offset)
    {
        if (offset >= 0 && offset <= Value.Length && !Value.Contains('\n'))
        {
            if (IsPlain && Raw == Value)
            {
                return (Line, Column + offset);
            }

            if (Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted && Raw.Length == Value.Length + 2
                && string.CompareOrdinal(Raw, 1, Value, 0, Value.Length) == 0)
            {
                return (Line, Column + 1 + offset);
            }
        }

        return (Line, Column);
    }
}

internal sealed class YSequence(string file, Mark start, Mark end, List<YNode> items) : YNode(file, start, end)
{
    public List<YNode> Items { get; } = items;

    public override string Describe() => "列表";
}

internal sealed record YEntry(YNode Key, YNode Value)
{
    /// <summary>The key's text when it is a scalar, else null.</summary>
    public string? Name => Key is YScalar s ? s.Value : null;
}

internal sealed class YMapping(string file, Mark start, Mark end, List<YEntry> entries) : YNode(file, start, end)
{
    public List<YEntry> Entries { get; } = entries;

    public override string Describe() => "映射";
}

/// <summary>A YAML syntax error with its place.</summary>
internal sealed class YamlSyntaxError(int line, int column, string message) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}

internal static class YamlTree
{
    /// <summary>
    /// Reads <paramref name="text"/> as one YAML document. Returns null for an empty file. Throws
    /// <see cref="YamlSyntaxError"/> for bad syntax, a second document, or an alias with no anchor.
    /// </summary>
    public static YNode? Read(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
            var root = ReadNode(parser, text, file, anchors);
            parser.Consume<DocumentEnd>();
            if (parser.Current is DocumentStart second)
            {
                throw new YamlSyntaxError(checked((int)second.Start.Line), checked((int)second.Start.Column),
                    "一个文件只能有一个 YAML 文档（这里出现了第二个 ---）");
            }

            return root;
        }
        catch (YamlException ex)
        {
            throw new YamlSyntaxError(checked((int)ex.Start.Line), checked((int)ex.Start.Column), "YAML 语法错误：" + StripMarks(ex));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet's scanner throws these for some malformed input without a position: point at the
            // last thing that could be read.
            var at = parser.Current?.End ?? Mark.Empty;
            throw new YamlSyntaxError(Math.Max(1, checked((int)at.Line)), Math.Max(1, checked((int)at.Column)),
                "YAML 语法错误：读到这里无法继续（是否有未闭合的 { 或 [，或多余的字符？）");
        }
    }

    private static YNode ReadNode(IParser parser, string text, string file, Dictionary<string, YNode> anchors)
    {
        var ev = parser.Current ?? throw new InvalidOperationException("Unexpected end of the YAML stream.");
        switch (ev)
        {
            case Scalar s:
                {
                    parser.MoveNext();
                    var raw = Slice(text, s.Start, s.End);
                    var node = new YScalar(file, s.Start, s.End, s.Value, s.Style, raw);
                    Remember(anchors, s.Anchor, node);
                    return node;
                }

            case SequenceStart start:
                {
                    parser.MoveNext();
                    var items = new List<YNode>();
                    var seq = new YSequence(file, start.Start, start.End, items);
                    Remember(anchors, start.Anchor, seq);
                    while (parser.Current is not SequenceEnd)
                    {
                        items.Add(ReadNode(parser, text, file, anchors));
                    }

                    parser.MoveNext();
                    return seq;
                }

            case MappingStart start:
                {
                    parser.MoveNext();
                    var entries = new List<YEntry>();
                    var map = new YMapping(file, start.Start, start.End, entries);
                    Remember(anchors, start.Anchor, map);
                    while (parser.Current is not MappingEnd)
                    {
                        var key = ReadNode(parser, text, file, anchors);
                        var value = ReadNode(parser, text, file, anchors);
                        entries.Add(new YEntry(key, value));
                    }

                    parser.MoveNext();
                    return map;
                }

            case AnchorAlias alias:
                parser.MoveNext();
                return anchors.TryGetValue(alias.Value.Value, out var target)
                    ? target
                    : throw new YamlSyntaxError(checked((int)alias.Start.Line), checked((int)alias.Start.Column),
                        $"YAML 语法错误：别名 *{alias.Value.Value} 前面没有对应的锚点 &{alias.Value.Value}");

            default:
                throw new YamlSyntaxError(checked((int)ev.Start.Line), checked((int)ev.Start.Column),
                    $"YAML 语法错误：意外的 {ev.GetType().Name}");
        }
    }

    private static void Remember(Dictionary<string, YNode> anchors, AnchorName anchor, YNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static string Slice(string text, Mark start, Mark end)
    {
        var from = (int)Math.Clamp(start.Index, 0, text.Length);
        var to = (int)Math.Clamp(end.Index, from, text.Length);
        return text[from..to];
    }

    private static string StripMarks(YamlException ex)
    {
        // YamlDotNet formats messages as "(Line: 3, Col: 5, Idx: 20) - (Line: ...): message".
        var message = ex.Message;
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && i > 0 ? message[(i + 3)..] : message;
    }
}
