using Changxiao.Kernel.Calendar;
using Changxiao.Packs.Calendars;
using static Changxiao.Kernel.Tests.Calendar.Shipped;

namespace Changxiao.Kernel.Tests.Calendar;

/// <summary>Loader errors, each checked for file:line:column and the bad key or value. Files go to a temp folder.</summary>
public sealed class CalendarLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("changxiao-calendar-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    private const string Good2025 = """
        year: 2025
        source: 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）
        holidays:
          - {name: 春节, from: 2025-01-28, to: 2025-02-04}
          - {name: 国庆节, from: 2025-10-01, to: 2025-10-08}
        workdays:
          - {date: 2025-01-26, name: 春节调休}
          - {date: 2025-09-28}
        """;

    private CalendarLoadError SingleError(string name, string text)
    {
        var path = Write(name, text);
        var ex = Assert.Throws<CalendarLoadException>(() => CalendarLoader.LoadFolder(_dir));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.File);
        Assert.StartsWith($"{path}:{error.Line}:{error.Column}: ", ex.Message);
        return error;
    }

    [Fact]
    public void LoadFolder_ValidFile_LoadsHolidaysAndWorkdays()
    {
        Write("2025.yaml", Good2025);
        Write("README.md", "not yaml: [");
        var cal = CalendarLoader.LoadFolder(_dir);

        Assert.Equal([2025], cal.CoveredYears);
        Assert.Equal("春节", cal.DayInfo(D("2025-02-04")).Name);
        Assert.Equal(DayReason.MakeUpWorkday, cal.DayInfo(D("2025-09-28")).Reason);
        Assert.Null(cal.DayInfo(D("2025-09-28")).Name);
        Assert.Equal(["国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）"], cal.Years[0].Sources);
    }

    [Fact]
    public void LoadFolder_BlockStyleSourceListAndQuotedDates_Loads()
    {
        Write("2020.yaml", """
            year: 2020
            source:
              - 通知一
              - 通知二
            holidays:
              - name: 春节
                from: "2020-01-24"
                to: '2020-02-02'
            workdays:
            """);
        var cal = CalendarLoader.LoadFolder(_dir);
        Assert.Equal(["通知一", "通知二"], cal.Years[0].Sources);
        Assert.True(cal.IsRestDay(D("2020-02-01")));
    }

    [Fact]
    public void LoadFolder_BadDate_NamesFileLineColumnKeyAndValue()
    {
        var error = SingleError("2025.yaml", """
            year: 2025
            source: s
            holidays:
              - {name: a, from: 2025-02-30, to: 2025-03-01}
            """);
        Assert.Equal((4, 21), (error.Line, error.Column));
        Assert.Contains("holidays[0].from", error.Message);
        Assert.Contains("\"2025-02-30\"", error.Message);
    }

    [Fact]
    public void LoadFolder_ToBeforeFrom_NamesTheToKey()
    {
        var error = SingleError("2025.yaml", """
            year: 2025
            source: s
            holidays:
              - {name: a, from: 2025-05-05, to: 2025-05-01}
            """);
        Assert.Equal((4, 37), (error.Line, error.Column));
        Assert.Contains("holidays[0].to", error.Message);
        Assert.Contains("2025-05-01 is before from 2025-05-05", error.Message);
    }

    [Fact]
    public void LoadFolder_WorkdayOnAWeekday_NamesTheDateAndDayOfWeek()
    {
        var error = SingleError("2025.yaml", """
            year: 2025
            source: s
            holidays:
              - {name: a, from: 2025-05-01, to: 2025-05-05}
            workdays:
              - {date: 2025-04-28, name: x}
            """);
        Assert.Equal((6, 12), (error.Line, error.Column));
        Assert.Contains("workdays[0].date: 2025-04-28 is a Monday", error.Message);
    }

    [Fact]
    public void LoadFolder_WorkdayInsideHoliday_NamesBothPlaces()
    {
        var path = Write("2025.yaml", """
            year: 2025
            source: s
            holidays:
              - {name: 国庆节, from: 2025-10-01, to: 2025-10-08}
            workdays:
              - {date: 2025-10-04}
            """);
        var ex = Assert.Throws<CalendarLoadException>(() => CalendarLoader.LoadFolder(_dir));
        var error = Assert.Single(ex.Errors);
        Assert.Equal((6, 12), (error.Line, error.Column));
        Assert.Contains("2025-10-04 is also a holiday: 国庆节", error.Message);
        Assert.Contains($"{path}:4:5", error.Message);
    }

    [Fact]
    public void LoadFolder_HolidayInOneFileWorkdayInAnother_IsRejectedAcrossFiles()
    {
        Write("2023.yaml", """
            year: 2023
            source: s
            holidays:
              - {name: 元旦, from: 2022-12-31, to: 2023-01-02}
            """);
        var path2022 = Write("2022.yaml", """
            year: 2022
            source: s
            holidays:
              - {name: 国庆节, from: 2022-10-01, to: 2022-10-07}
            workdays:
              - {date: 2022-12-31}
            """);
        var ex = Assert.Throws<CalendarLoadException>(() => CalendarLoader.LoadFolder(_dir));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(path2022, error.File);
        Assert.Equal(6, error.Line);
        Assert.Contains("2022-12-31", error.Message);
        Assert.Contains("2023.yaml:4:5", error.Message);
    }

    [Fact]
    public void LoadFolder_OverlappingHolidays_AreRejected()
    {
        var error = SingleError("2025.yaml", """
            year: 2025
            source: s
            holidays:
              - {name: a, from: 2025-05-01, to: 2025-05-05}
              - {name: b, from: 2025-05-05, to: 2025-05-06}
            """);
        Assert.Equal(5, error.Line);
        Assert.Contains("overlaps holiday a", error.Message);
    }

    [Fact]
    public void LoadFolder_UnknownTopLevelKey_NamesTheKey()
    {
        var error = SingleError("2025.yaml", """
            year: 2025
            source: s
            holidays: []
            hollidays: []
            """);
        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Contains("unknown key \"hollidays\"", error.Message);
    }

    [Fact]
    public void LoadFolder_UnknownKeyInItem_NamesTheKeyWithItsPath()
    {
        var error = SingleError("2025.yaml", """
            year: 2025
            source: s
            holidays:
              - {name: a, from: 2025-05-01, to: 2025-05-05, color: red}
            """);
        Assert.Equal((4, 49), (error.Line, error.Column));
        Assert.Contains("unknown key \"holidays[0].color\"", error.Message);
    }

    [Fact]
    public void LoadFolder_MissingYear_IsRejected()
    {
        var error = SingleError("extra.yaml", """
            source: s
            holidays: []
            """);
        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Contains("missing key \"year\"", error.Message);
    }

    [Fact]
    public void LoadFolder_BadYear_NamesTheValue()
    {
        var error = SingleError("x.yaml", """
            year: twenty
            source: s
            holidays: []
            """);
        Assert.Equal((1, 7), (error.Line, error.Column));
        Assert.Contains("\"twenty\"", error.Message);
    }

    [Fact]
    public void LoadFolder_YearDiffersFromFileName_IsRejected()
    {
        var error = SingleError("2024.yaml", """
            year: 2025
            source: s
            holidays: []
            """);
        Assert.Equal(1, error.Line);
        Assert.Contains("2024.yaml", error.Message);
    }

    [Fact]
    public void LoadFolder_SameYearInTwoFiles_IsRejected()
    {
        Write("a.yaml", "year: 2025\nsource: s\nholidays: []\n");
        Write("b.yaml", "year: 2025\nsource: s\nholidays: []\n");
        var ex = Assert.Throws<CalendarLoadException>(() => CalendarLoader.LoadFolder(_dir));
        var error = Assert.Single(ex.Errors);
        Assert.EndsWith("b.yaml", error.File);
        Assert.Contains("also given in", error.Message);
    }

    [Fact]
    public void LoadFolder_DuplicateKey_IsRejectedWithLine()
    {
        var path = Write("2025.yaml", """
            year: 2025
            source: s
            holidays: []
            year: 2025
            """);
        var ex = Assert.Throws<CalendarLoadException>(() => CalendarLoader.LoadFolder(_dir));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void LoadFolder_YamlSyntaxError_NamesTheLine()
    {
        var error = SingleError("2025.yaml", """
            year: 2025
            source: s
            holidays:
              - {name: a, from: 2025-05-01, to: 2025-05-05
            workdays: []
            """);
        Assert.InRange(error.Line, 4, 6);
        Assert.Contains("YAML syntax", error.Message);
    }

    [Fact]
    public void LoadFolder_BadIndentation_NamesTheLine()
    {
        var error = SingleError("2025.yaml", """
            year: 2025
            source: s
            holidays:
              - {name: a, from: 2025-05-01, to: 2025-05-05}
             bad: indentation
            """);
        Assert.Equal(5, error.Line);
        Assert.Contains("YAML syntax", error.Message);
    }

    [Fact]
    public void LoadFolder_MissingHolidayKeysAndMissingSource_ReportsEveryProblem()
    {
        Write("2025.yaml", """
            year: 2025
            holidays:
              - {name: a, from: 2025-05-01}
              - {from: 2025-06-01, to: 2025-06-02}
            workdays: notalist
            """);
        var ex = Assert.Throws<CalendarLoadException>(() => CalendarLoader.LoadFolder(_dir));
        Assert.Equal(4, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.Line == 1 && e.Message.Contains("missing key \"source\""));
        Assert.Contains(ex.Errors, e => e.Line == 3 && e.Message.Contains("holidays[0]: missing key \"to\""));
        Assert.Contains(ex.Errors, e => e.Line == 4 && e.Message.Contains("holidays[1]: missing key \"name\""));
        Assert.Contains(ex.Errors, e => e.Line == 5 && e.Message.Contains("workdays: must be a list"));
        Assert.Contains("4 problems", ex.Message);
    }

    [Fact]
    public void LoadFolder_DateFarFromYear_IsRejected()
    {
        var error = SingleError("2025.yaml", """
            year: 2025
            source: s
            holidays:
              - {name: a, from: 2205-05-01, to: 2025-05-02}
            """);
        Assert.Contains("too far from the year 2025", error.Message);
    }

    [Fact]
    public void LoadFolder_ImplausiblyLongRange_IsRejected()
    {
        var error = SingleError("2025.yaml", """
            year: 2025
            source: s
            holidays:
              - {name: a, from: 2025-01-28, to: 2025-12-04}
            """);
        Assert.Contains("looks like a typo", error.Message);
    }

    [Fact]
    public void LoadFolder_EmptyFile_IsRejected()
    {
        var error = SingleError("2025.yaml", "# nothing\n");
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void LoadFolder_MissingOrEmptyFolder_Throws()
    {
        Assert.Throws<CalendarLoadException>(() => CalendarLoader.LoadFolder(Path.Combine(_dir, "nope")));
        Assert.Throws<CalendarLoadException>(() => CalendarLoader.LoadFolder(_dir));
    }

    [Fact]
    public void LoadFile_ShippedYear_LoadsOnItsOwn()
    {
        var year = CalendarLoader.LoadFile(Path.Combine(Folder, "2025.yaml"));
        Assert.Equal(2025, year.Year);
        Assert.Equal(6, year.Holidays.Count);
        Assert.Equal(5, year.Workdays.Count);
    }

    [Fact]
    public void FindFolder_FromTestBinaries_FindsTheShippedFolder()
    {
        var folder = CalendarLoader.FindFolder(AppContext.BaseDirectory);
        Assert.NotNull(folder);
        Assert.True(File.Exists(Path.Combine(folder, "2025.yaml")));
    }
}
