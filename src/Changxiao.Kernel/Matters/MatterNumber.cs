using System.Globalization;
using System.Text;

namespace Changxiao.Kernel.Matters;

/// <summary>
/// Matter numbers (编号) from a pack's format: <c>XF-{yyyy}-{seq:5}</c> → <c>XF-2025-00042</c>.
/// Placeholders: <c>{yyyy}</c> the year, <c>{yy}</c> its last two digits, <c>{seq}</c> the sequence number,
/// <c>{seq:N}</c> padded with zeros to N digits (1–12; a longer number is not cut). Everything else is literal.
/// The store keeps the sequence per kind and year.
/// </summary>
public static class MatterNumber
{
    /// <summary>The format used when a kind gives none.</summary>
    public const string DefaultFormat = "{yyyy}-{seq:6}";

    /// <summary>Formats a number; throws <see cref="FormatException"/> naming the bad placeholder.</summary>
    public static string Format(string format, int year, long seq)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(seq, 1L);
        return Render(format, year, seq, out var error) ?? throw new FormatException(error);
    }

    /// <summary>Checks a format (for the pack validator); the error names the bad placeholder.</summary>
    public static bool IsValid(string format, out string error)
    {
        ArgumentNullException.ThrowIfNull(format);
        var ok = Render(format, 2025, 1, out error) is not null;
        if (ok && !format.Contains("{seq", StringComparison.Ordinal))
        {
            error = $"编号格式 \"{format}\" 没有 {{seq}}，编号会重复";
            return false;
        }

        return ok;
    }

    private static string? Render(string format, int year, long seq, out string error)
    {
        error = "";
        var sb = new StringBuilder(format.Length + 8);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '}')
            {
                error = $"编号格式 \"{format}\" 第 {i + 1} 个字符的 }} 没有对应的 {{";
                return null;
            }

            if (c != '{')
            {
                sb.Append(c);
                continue;
            }

            var end = format.IndexOf('}', i + 1);
            if (end < 0)
            {
                error = $"编号格式 \"{format}\" 第 {i + 1} 个字符的 {{ 没有闭合";
                return null;
            }

            var token = format[(i + 1)..end];
            switch (token)
            {
                case "yyyy":
                    sb.Append(year.ToString("D4", CultureInfo.InvariantCulture));
                    break;
                case "yy":
                    sb.Append((year % 100).ToString("D2", CultureInfo.InvariantCulture));
                    break;
                case "seq":
                    sb.Append(seq.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    if (token.StartsWith("seq:", StringComparison.Ordinal)
                        && int.TryParse(token.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
                        && width is >= 1 and <= 12)
                    {
                        sb.Append(seq.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
                        break;
                    }

                    error = $"编号格式 \"{format}\" 中的 {{{token}}} 不认识（可用 {{yyyy}}、{{yy}}、{{seq}}、{{seq:5}}）";
                    return null;
            }

            i = end;
        }

        return sb.ToString();
    }
}
