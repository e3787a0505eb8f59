using System.Globalization;
using Changxiao.Kernel.Calendar;
using Changxiao.Packs.Calendars;

namespace Changxiao.Kernel.Tests.Calendar;

/// <summary>
/// The shipped packs/calendars files, found by walking up from the test binaries, and the verified State Council
/// data they must contain (typed in here independently of the YAML, so the tests check the files).
/// </summary>
public static class Shipped
{
    private static readonly Lazy<string> LazyFolder = new(() =>
        CalendarLoader.FindFolder(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"No packs/calendars folder above {AppContext.BaseDirectory}."));

    private static readonly Lazy<WorkCalendar> LazyCalendar = new(() => CalendarLoader.LoadFolder(Folder));

    public static string Folder => LazyFolder.Value;

    public static WorkCalendar Cal => LazyCalendar.Value;

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Year, holiday name, first and last rest day (inclusive).</summary>
    public static readonly (int Year, string Name, string From, string To)[] Holidays =
    [
        (2020, "元旦", "2020-01-01", "2020-01-01"),
        (2020, "春节", "2020-01-24", "2020-02-02"),
        (2020, "清明节", "2020-04-04", "2020-04-06"),
        (2020, "劳动节", "2020-05-01", "2020-05-05"),
        (2020, "端午节", "2020-06-25", "2020-06-27"),
        (2020, "国庆节", "2020-10-01", "2020-10-08"),

        (2021, "元旦", "2021-01-01", "2021-01-03"),
        (2021, "春节", "2021-02-11", "2021-02-17"),
        (2021, "清明节", "2021-04-03", "2021-04-05"),
        (2021, "劳动节", "2021-05-01", "2021-05-05"),
        (2021, "端午节", "2021-06-12", "2021-06-14"),
        (2021, "中秋节", "2021-09-19", "2021-09-21"),
        (2021, "国庆节", "2021-10-01", "2021-10-07"),

        (2022, "元旦", "2022-01-01", "2022-01-03"),
        (2022, "春节", "2022-01-31", "2022-02-06"),
        (2022, "清明节", "2022-04-03", "2022-04-05"),
        (2022, "劳动节", "2022-04-30", "2022-05-04"),
        (2022, "端午节", "2022-06-03", "2022-06-05"),
        (2022, "中秋节", "2022-09-10", "2022-09-12"),
        (2022, "国庆节", "2022-10-01", "2022-10-07"),

        (2023, "元旦", "2022-12-31", "2023-01-02"),
        (2023, "春节", "2023-01-21", "2023-01-27"),
        (2023, "清明节", "2023-04-05", "2023-04-05"),
        (2023, "劳动节", "2023-04-29", "2023-05-03"),
        (2023, "端午节", "2023-06-22", "2023-06-24"),
        (2023, "国庆节", "2023-09-29", "2023-10-06"),

        (2024, "元旦", "2023-12-30", "2024-01-01"),
        (2024, "春节", "2024-02-10", "2024-02-17"),
        (2024, "清明节", "2024-04-04", "2024-04-06"),
        (2024, "劳动节", "2024-05-01", "2024-05-05"),
        (2024, "端午节", "2024-06-08", "2024-06-10"),
        (2024, "中秋节", "2024-09-15", "2024-09-17"),
        (2024, "国庆节", "2024-10-01", "2024-10-07"),

        (2025, "元旦", "2025-01-01", "2025-01-01"),
        (2025, "春节", "2025-01-28", "2025-02-04"),
        (2025, "清明节", "2025-04-04", "2025-04-06"),
        (2025, "劳动节", "2025-05-01", "2025-05-05"),
        (2025, "端午节", "2025-05-31", "2025-06-02"),
        (2025, "国庆节", "2025-10-01", "2025-10-08"),

        (2026, "元旦", "2026-01-01", "2026-01-03"),
        (2026, "春节", "2026-02-15", "2026-02-23"),
        (2026, "清明节", "2026-04-04", "2026-04-06"),
        (2026, "劳动节", "2026-05-01", "2026-05-05"),
        (2026, "端午节", "2026-06-19", "2026-06-21"),
        (2026, "中秋节", "2026-09-25", "2026-09-27"),
        (2026, "国庆节", "2026-10-01", "2026-10-07"),
    ];

    /// <summary>Every weekend make-up working day (调休上班) with its label.</summary>
    public static readonly (string Date, string Name)[] MakeUpDays =
    [
        ("2020-01-19", "春节调休"),
        ("2020-04-26", "劳动节调休"),
        ("2020-05-09", "劳动节调休"),
        ("2020-06-28", "端午节调休"),
        ("2020-09-27", "国庆节调休"),
        ("2020-10-10", "国庆节调休"),

        ("2021-02-07", "春节调休"),
        ("2021-02-20", "春节调休"),
        ("2021-04-25", "劳动节调休"),
        ("2021-05-08", "劳动节调休"),
        ("2021-09-18", "中秋节调休"),
        ("2021-09-26", "国庆节调休"),
        ("2021-10-09", "国庆节调休"),

        ("2022-01-29", "春节调休"),
        ("2022-01-30", "春节调休"),
        ("2022-04-02", "清明节调休"),
        ("2022-04-24", "劳动节调休"),
        ("2022-05-07", "劳动节调休"),
        ("2022-10-08", "国庆节调休"),
        ("2022-10-09", "国庆节调休"),

        ("2023-01-28", "春节调休"),
        ("2023-01-29", "春节调休"),
        ("2023-04-23", "劳动节调休"),
        ("2023-05-06", "劳动节调休"),
        ("2023-06-25", "端午节调休"),
        ("2023-10-07", "国庆节调休"),
        ("2023-10-08", "国庆节调休"),

        ("2024-02-04", "春节调休"),
        ("2024-02-18", "春节调休"),
        ("2024-04-07", "清明节调休"),
        ("2024-04-28", "劳动节调休"),
        ("2024-05-11", "劳动节调休"),
        ("2024-09-14", "中秋节调休"),
        ("2024-09-29", "国庆节调休"),
        ("2024-10-12", "国庆节调休"),

        ("2025-01-26", "春节调休"),
        ("2025-02-08", "春节调休"),
        ("2025-04-27", "劳动节调休"),
        ("2025-09-28", "国庆节调休"),
        ("2025-10-11", "国庆节调休"),

        ("2026-01-04", "元旦调休"),
        ("2026-02-14", "春节调休"),
        ("2026-02-28", "春节调休"),
        ("2026-05-09", "劳动节调休"),
        ("2026-09-20", "国庆节调休"),
        ("2026-10-10", "国庆节调休"),
    ];

    public static bool IsMakeUp(DateOnly date) => MakeUpDays.Any(m => D(m.Date) == date);

    public static bool IsInHoliday(DateOnly date) => Holidays.Any(h => D(h.From) <= date && date <= D(h.To));

    public static TheoryData<int, string, string, string> HolidayRows()
    {
        var data = new TheoryData<int, string, string, string>();
        foreach (var h in Holidays)
        {
            data.Add(h.Year, h.Name, h.From, h.To);
        }

        return data;
    }

    public static TheoryData<string, string> MakeUpRows()
    {
        var data = new TheoryData<string, string>();
        foreach (var m in MakeUpDays)
        {
            data.Add(m.Date, m.Name);
        }

        return data;
    }
}
