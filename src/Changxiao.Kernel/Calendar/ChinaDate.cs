using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Changxiao.Kernel.Calendar;

/// <summary>
/// Local dates in China (Asia/Shanghai, UTC+8 all year: China has had no daylight saving time since 1991).
/// Every <see cref="DateOnly"/> in this namespace is such a local date.
/// </summary>
public static class ChinaDate
{
    /// <summary>The fixed UTC offset of Asia/Shanghai.</summary>
    public static readonly TimeSpan UtcOffset = TimeSpan.FromHours(8);

    /// <summary>The ISO format used in data files, the CLI and <see cref="Format"/>: <c>yyyy-MM-dd</c>.</summary>
    public const string IsoFormat = "yyyy-MM-dd";

    /// <summary>Today's date in Asia/Shanghai according to <paramref name="time"/> (the system clock when null).</summary>
    public static DateOnly Today(TimeProvider? time = null) => FromInstant((time ?? TimeProvider.System).GetUtcNow());

    /// <summary>The Asia/Shanghai local date of an instant.</summary>
    public static DateOnly FromInstant(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(UtcOffset).DateTime);

    /// <summary>The instant a China date begins (00:00 in Beijing).</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), UtcOffset);

    /// <summary>Parses exactly <c>yyyy-MM-dd</c> (invariant culture, no surrounding text).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, IsoFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Parses exactly <c>yyyy-MM-dd</c>; throws <see cref="FormatException"/> naming the text otherwise.</summary>
    public static DateOnly Parse(string text) =>
        TryParse(text, out var date)
            ? date
            : throw new FormatException($"\"{text}\" is not a date in the form YYYY-MM-DD (e.g. 2025-10-01).");

    /// <summary>Formats as <c>yyyy-MM-dd</c>.</summary>
    public static string Format(DateOnly date) => date.ToString(IsoFormat, CultureInfo.InvariantCulture);
}
