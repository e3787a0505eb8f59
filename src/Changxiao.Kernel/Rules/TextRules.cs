using System.Globalization;

namespace Changxiao.Kernel.Rules;

/// <summary>
/// What a text input may hold: the one rule behind every way in — the kernel's field checks (<see cref="Check.Fields"/>,
/// matter fields), so the API, the import and the portal alike, and the web server's guard for what reaches no decision
/// (login bodies, search words, route values).
/// <list type="bullet">
/// <item>Never: a control character — C0 (NUL included: PostgreSQL refuses it in text and jsonb while SQLite stores it, so
/// the two databases would disagree), DEL, C1 — nor an unpaired surrogate (half a character, not text at all).</item>
/// <item>In many lines (a complaint's content, a reply): tab, line feed and carriage return are text.</item>
/// <item>In one line (names, titles, codes, search words): no line or paragraph break, no tab, and no bidirectional
/// control (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C) — they make a name read otherwise than it is spelt, e.g.
/// “报告\u202Egpj.exe” shown as “报告exe.jpg”.</item>
/// </list>
/// </summary>
public static class TextRules
{
    /// <summary>
    /// Why <paramref name="value"/> is not acceptable, as a message naming the character and where it is (never the whole
    /// value); null when it is acceptable. Null and empty values are acceptable (whether a value is required is another rule).
    /// </summary>
    public static string? Problem(string? value, bool multiline)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++; // a pair: one character outside the BMP (e.g. a rare surname character)
                continue;
            }

            if (Refused(c, multiline) is { } refused)
            {
                return $"第 {i + 1} 个字符是{refused.What}（U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}），{refused.Why}";
            }
        }

        return null;
    }

    private static (string What, string Why)? Refused(char c, bool multiline)
    {
        if (char.IsSurrogate(c))
        {
            return ("不成对的代理项", "不是有效的文字");
        }

        if (c is '\t' or '\n' or '\r')
        {
            return multiline ? null : (c == '\t' ? "制表符" : "换行符", OneLine);
        }

        if (c < 0x20 || c is >= '\u007F' and <= '\u009F')
        {
            return ("控制字符", "不能输入");
        }

        if (multiline)
        {
            return null;
        }

        return c switch
        {
            '\u2028' or '\u2029' => ("换行符", OneLine),
            >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C' => ("文字方向控制符", "此处不能使用"),
            _ => null,
        };
    }

    private const string OneLine = "此处只能填一行";
}
