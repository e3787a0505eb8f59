using System.Globalization;

namespace Changxiao.Kernel.Packs;

/// <summary>
/// Reads the condition language of <see cref="Condition"/>:
/// <code>
///   or-expr    := and-expr ("or" and-expr)*
///   and-expr   := unary ("and" unary)*
///   unary      := "not" unary | "(" or-expr ")" | comparison
///   comparison := NAME                                  -- has a value
///               | NAME ("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") VALUE
///               | NAME "in" LIST | NAME "not" "in" LIST
///   LIST       := "[" VALUE ("," VALUE)* "]"
///   VALUE      := a bare word (Chinese or not, e.g. 不属实, 12380, 2025-01-01) | '...' | "..."
/// </code>
/// <c>and</c> binds tighter than <c>or</c>; <c>and</c>, <c>or</c>, <c>not</c>, <c>in</c> are keywords (lower case) and
/// must be quoted to be used as values. A bare word runs until white space or one of <c>( ) [ ] , = ! &lt; &gt; ' "</c>.
/// Full-width （ ） ， and the quotes “ ” ‘ ’ are read like their ASCII forms, so text typed with a Chinese input
/// method works.
/// </summary>
public static class Conditions
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="ConditionSyntaxException"/> with the 0-based offset of the problem.</summary>
    public static Condition Parse(string text) => Parse(text, out _);

    /// <summary>
    /// Parses <paramref name="text"/> and also returns every comparison with the offsets of its name and values,
    /// in reading order, so that a validator can point at the exact place of an unknown name or value.
    /// </summary>
    public static Condition Parse(string text, out IReadOnlyList<ConditionTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new ConditionParser(text, Lexer.Read(text));
        var condition = parser.ParseAll();
        terms = parser.Terms;
        return condition;
    }

    /// <summary>Like <see cref="Parse(string)"/>, returning false (and the error) instead of throwing.</summary>
    public static bool TryParse(string text, out Condition? condition, out ConditionSyntaxException? error)
    {
        try
        {
            condition = Parse(text);
            error = null;
            return true;
        }
        catch (ConditionSyntaxException ex)
        {
            condition = null;
            error = ex;
            return false;
        }
    }

    /// <summary>The canonical text of a condition, which <see cref="Parse(string)"/> reads back to an equal tree.</summary>
    public static string Format(Condition condition) => condition switch
    {
        Compare { Op: CompareOp.Has } c => c.Name,
        Compare { Op: CompareOp.In or CompareOp.NotIn } c =>
            $"{c.Name} {(c.Op == CompareOp.In ? "in" : "not in")} [{string.Join(", ", c.Values.Select(Quote))}]",
        Compare c => $"{c.Name} {OpText(c.Op)} {Quote(c.Values[0])}",
        And a => $"{Wrap(a.Left, 2)} and {Wrap(a.Right, 2)}",
        Or o => $"{Format(o.Left)} or {Format(o.Right)}",
        Not n => $"not {Wrap(n.Inner, 3)}",
        _ => throw new ArgumentException("Unknown condition node.", nameof(condition)),
    };

    public static string OpText(CompareOp op) => op switch
    {
        CompareOp.Eq => "==",
        CompareOp.Ne => "!=",
        CompareOp.Lt => "<",
        CompareOp.Le => "<=",
        CompareOp.Gt => ">",
        CompareOp.Ge => ">=",
        CompareOp.In => "in",
        CompareOp.NotIn => "not in",
        _ => "",
    };

    private static int Precedence(Condition c) => c switch { Or => 1, And => 2, Not => 3, _ => 4 };

    private static string Wrap(Condition c, int min) => Precedence(c) < min ? $"({Format(c)})" : Format(c);

    private static string Quote(string value) =>
        value.Length > 0 && !Lexer.IsKeyword(value) && value.All(Lexer.IsWordChar) ? value
        : value.Contains('"') ? "'" + value + "'"
        : "\"" + value + "\"";
}

/// <summary>One comparison as written: the name, its 0-based offset, the operator and each value with its offset.</summary>
public sealed record ConditionTerm(string Name, int Offset, CompareOp Op, IReadOnlyList<ConditionValue> Values);

/// <summary>A value as written (unquoted) and the 0-based offset of its first character (the quote, if quoted).</summary>
public sealed record ConditionValue(string Value, int Offset, bool Quoted);

/// <summary>The condition text cannot be read. <see cref="Offset"/> is the 0-based character offset of the problem.</summary>
public sealed class ConditionSyntaxException : FormatException
{
    public ConditionSyntaxException(string text, int offset, string reason)
        : base($"{reason}（第 {offset + 1} 个字符）")
    {
        Text = text;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The whole condition text.</summary>
    public string Text { get; }

    /// <summary>0-based character offset into <see cref="Text"/>; equal to its length when the text ended too early.</summary>
    public int Offset { get; }

    /// <summary>What is wrong, in plain words, without the position.</summary>
    public string Reason { get; }
}

internal enum TokenKind { Word, Quoted, Op, LParen, RParen, LBracket, RBracket, Comma, End }

internal readonly record struct Token(TokenKind Kind, string Text, int Offset)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Word && Text == keyword;

    public string Describe() => Kind switch
    {
        TokenKind.End => "条件的结尾",
        TokenKind.Quoted => $"\"{Text}\"",
        _ => $"\"{Text}\"",
    };
}

internal static class Lexer
{
    private static readonly string[] Keywords = ["and", "or", "not", "in"];

    public static bool IsKeyword(string word) => Keywords.Contains(word, StringComparer.Ordinal);

    public static bool IsWordChar(char c) =>
        !char.IsWhiteSpace(c) && c is not ('(' or ')' or '[' or ']' or ',' or '=' or '!' or '<' or '>' or '\'' or '"'
            or '（' or '）' or '，' or '“' or '”' or '‘' or '’');

    public static List<Token> Read(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            switch (c)
            {
                case '(' or '（':
                    tokens.Add(new(TokenKind.LParen, "(", start));
                    i++;
                    continue;
                case ')' or '）':
                    tokens.Add(new(TokenKind.RParen, ")", start));
                    i++;
                    continue;
                case '[':
                    tokens.Add(new(TokenKind.LBracket, "[", start));
                    i++;
                    continue;
                case ']':
                    tokens.Add(new(TokenKind.RBracket, "]", start));
                    i++;
                    continue;
                case ',' or '，':
                    tokens.Add(new(TokenKind.Comma, ",", start));
                    i++;
                    continue;
                case '=':
                    if (At(text, i + 1) == '=')
                    {
                        tokens.Add(new(TokenKind.Op, "==", start));
                        i += 2;
                        continue;
                    }

                    throw new ConditionSyntaxException(text, start, "相等比较要写成 ==（两个等号）");
                case '!':
                    if (At(text, i + 1) == '=')
                    {
                        tokens.Add(new(TokenKind.Op, "!=", start));
                        i += 2;
                        continue;
                    }

                    throw new ConditionSyntaxException(text, start, "不等比较要写成 !=；取反请用 not");
                case '<' or '>':
                    if (At(text, i + 1) == '=')
                    {
                        tokens.Add(new(TokenKind.Op, c + "=", start));
                        i += 2;
                    }
                    else
                    {
                        tokens.Add(new(TokenKind.Op, c.ToString(), start));
                        i++;
                    }

                    continue;
                case '\'' or '"' or '“' or '‘':
                    {
                        var close = c switch { '“' => '”', '‘' => '’', _ => c };
                        var end = text.IndexOf(close, i + 1);
                        if (end < 0)
                        {
                            throw new ConditionSyntaxException(text, start, $"引号 {c} 没有配对的 {close}");
                        }

                        tokens.Add(new(TokenKind.Quoted, text[(i + 1)..end], start));
                        i = end + 1;
                        continue;
                    }

                case '”' or '’':
                    throw new ConditionSyntaxException(text, start, $"多余的右引号 {c}");
            }

            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            tokens.Add(new(TokenKind.Word, text[start..i], start));
        }

        tokens.Add(new(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';
}

internal sealed class ConditionParser(string text, List<Token> tokens)
{
    private int pos;

    public List<ConditionTerm> Terms { get; } = [];

    private Token Peek => tokens[pos];

    public Condition ParseAll()
    {
        if (Peek.Kind == TokenKind.End)
        {
            throw Error(Peek, "条件为空");
        }

        var result = ParseOr();
        if (Peek.Kind != TokenKind.End)
        {
            throw Peek.Kind == TokenKind.RParen
                ? Error(Peek, "多余的 )，没有与之配对的 (")
                : Error(Peek, $"这里应为 and、or 或条件的结尾，却是 {Peek.Describe()}");
        }

        return result;
    }

    private Condition ParseOr()
    {
        var left = ParseAnd();
        while (Peek.IsKeyword("or"))
        {
            pos++;
            left = new Or(left, ParseAnd());
        }

        return left;
    }

    private Condition ParseAnd()
    {
        var left = ParseUnary();
        while (Peek.IsKeyword("and"))
        {
            pos++;
            left = new And(left, ParseUnary());
        }

        return left;
    }

    private Condition ParseUnary()
    {
        var t = Peek;
        if (t.IsKeyword("not"))
        {
            pos++;
            return new Not(ParseUnary());
        }

        if (t.Kind == TokenKind.LParen)
        {
            pos++;
            var inner = ParseOr();
            if (Peek.Kind != TokenKind.RParen)
            {
                throw Peek.Kind == TokenKind.End
                    ? Error(Peek, $"缺少 )，与第 {t.Offset + 1} 个字符的 ( 配对")
                    : Error(Peek, $"这里应为 )、and 或 or，却是 {Peek.Describe()}");
            }

            pos++;
            return inner;
        }

        return ParseComparison();
    }

    private Condition ParseComparison()
    {
        var name = Peek;
        if (name.Kind == TokenKind.End)
        {
            throw Error(name, "条件在这里不完整，缺少字段名");
        }

        if (name.Kind != TokenKind.Word || Lexer.IsKeyword(name.Text))
        {
            throw Error(name, $"这里应为字段名，却是 {name.Describe()}");
        }

        if (IsNumber(name.Text))
        {
            throw Error(name, $"这里应为字段名，却是数字 {name.Text}；比较要写成 字段 运算符 值，如 amount >= 10000");
        }

        pos++;
        var op = Peek;
        if (op.Kind == TokenKind.Op)
        {
            pos++;
            var compareOp = op.Text switch
            {
                "==" => CompareOp.Eq,
                "!=" => CompareOp.Ne,
                "<" => CompareOp.Lt,
                "<=" => CompareOp.Le,
                ">" => CompareOp.Gt,
                _ => CompareOp.Ge,
            };
            var value = ReadValue($"运算符 {op.Text} 后");
            return Term(name, compareOp, [value]);
        }

        if (op.IsKeyword("in"))
        {
            pos++;
            return Term(name, CompareOp.In, ReadList("in"));
        }

        if (op.IsKeyword("not") && tokens[pos + 1].IsKeyword("in"))
        {
            pos += 2;
            return Term(name, CompareOp.NotIn, ReadList("not in"));
        }

        if (op.Kind == TokenKind.Quoted || (op.Kind == TokenKind.Word && !Lexer.IsKeyword(op.Text)) || op.IsKeyword("not"))
        {
            throw Error(op, $"{name.Text} 后应为比较运算符（== != < <= > >= in、not in）、and、or 或结尾，却是 {op.Describe()}");
        }

        return Term(name, CompareOp.Has, []);
    }

    private Compare Term(Token name, CompareOp op, List<ConditionValue> values)
    {
        Terms.Add(new ConditionTerm(name.Text, name.Offset, op, values));
        return new Compare(name.Text, op, values.Select(v => v.Value).ToArray());
    }

    private ConditionValue ReadValue(string where)
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Quoted:
                pos++;
                return new ConditionValue(t.Text, t.Offset, true);
            case TokenKind.Word when Lexer.IsKeyword(t.Text):
                throw Error(t, $"{where}应为值，却是关键字 {t.Text}；要把它当作文字比较，请加引号：\"{t.Text}\"");
            case TokenKind.Word:
                pos++;
                return new ConditionValue(t.Text, t.Offset, false);
            case TokenKind.End:
                throw Error(t, $"{where}缺少值");
            default:
                throw Error(t, $"{where}应为值，却是 {t.Describe()}");
        }
    }

    private List<ConditionValue> ReadList(string op)
    {
        var open = Peek;
        if (open.Kind != TokenKind.LBracket)
        {
            throw Error(open, $"{op} 后应为列表，如 [甲, 乙]，却是 {open.Describe()}");
        }

        pos++;
        if (Peek.Kind == TokenKind.RBracket)
        {
            throw Error(Peek, "列表为空；至少写一个值");
        }

        var values = new List<ConditionValue> { ReadValue("列表中") };
        while (Peek.Kind == TokenKind.Comma)
        {
            pos++;
            values.Add(ReadValue("逗号后"));
        }

        if (Peek.Kind != TokenKind.RBracket)
        {
            throw Peek.Kind == TokenKind.End
                ? Error(Peek, $"缺少 ]，与第 {open.Offset + 1} 个字符的 [ 配对")
                : Error(Peek, $"列表中的值之间要用逗号分隔，这里却是 {Peek.Describe()}");
        }

        pos++;
        return values;
    }

    private static bool IsNumber(string word) =>
        decimal.TryParse(word, NumberStyles.Number, CultureInfo.InvariantCulture, out _);

    private ConditionSyntaxException Error(Token at, string reason) => new(text, at.Offset, reason);
}
