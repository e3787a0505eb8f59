using System.Globalization;
using System.Text;

namespace Changxiao.Kernel.Matters;

/// <summary>
/// Matter numbers (编号) from a pack's format: <c>XF-{yyyy}-{seq:5}</c> → <c>XF-2025-00042</c>.
/// Placeholders: <c>{yyyy}</c> the year, <c>{yy}</c> its last two digits, <c>{seq}</c> the sequence number,
/// <c>{seq:N}</c> padded with zeros to N digits (1–12; a longer number is not cut). Everything else is literal.
/// The store keeps the sequence per kind and year, so no two kinds may number alike: a kind without a format gets one of
/// its own (<see cref="DefaultFor"/>), and the pack loader refuses two kinds of the packs loaded together with one format.
/// </summary>
public static class MatterNumber
{
    /// <summary>
    /// The format of a kind that gives none: its pack id and kind code, upper-cased, before <c>{yyyy}-{seq:6}</c>
    /// (<c>ELECTION-DISCIPLINE-TALK-2025-000001</c>). Kinds sharing one format would count separately and collide.
    /// Codes are lower-case ASCII letters, digits, '-' and '_' (the pack validator's rule): nothing in them is a placeholder.
    /// </summary>
    public static string DefaultFor(string packId, string kindCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packId);
        ArgumentException.ThrowIfNullOrWhiteSpace(kindCode);
        return $"{packId.ToUpperInvariant()}-{kindCode.ToUpperInvariant()}-{{yyyy}}-{{seq:6}}";
    }

    /// <summary>The format a kind's matters are numbered by: its own, else <see cref="DefaultFor"/>.</summary>
    public static string FormatOf(string packId, Packs.MatterKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.NumberFormat ?? DefaultFor(packId, kind.Code);
    }

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
