using System.Text;
using Changxiao.Import;

namespace Changxiao.Tests.Import;

/// <summary>
/// Decompression bombs and huge inputs at the reader: each stops at the first limit it crosses, names where when it can,
/// and costs the reader a bounded amount of memory (measured as the bytes this thread allocates — the whole read runs on it,
/// so tests running beside it do not count).
/// </summary>
public class ImportBombTests
{
    private const long Mb = 1024 * 1024;

    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>Reads, expecting a refusal; fails if the read allocated <paramref name="maxAllocatedMb"/> MB or more.</summary>
    private static ImportFileException Refused(Stream stream, string fileName, ImportLimits? limits = null, long maxAllocatedMb = 16)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImportFileException>(() => OrgFileReader.Read(stream, fileName, limits: limits));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < maxAllocatedMb * Mb, $"the read allocated {allocated / Mb} MB");
        return e;
    }

    private static void AssertTooLarge(ImportFileException e, string sheet, int row, string column, string message)
    {
        Assert.True(e.IsTooLarge, e.Message);
        Assert.Equal("import.too-large", e.Code);
        var error = Assert.Single(e.Errors);
        Assert.Equal((sheet, row, column), (error.Sheet, error.Row, error.Column));
        Assert.Contains(message, error.Message);
    }

    // ------------------------------------------------------------ xlsx bombs

    [Theory]
    [InlineData("shared-string", "", 0, "", "单元格内容过长")]
    [InlineData("shared-string-300m", "", 0, "", "解压后超过 128 MB")]
    [InlineData("inline-string", "人员", 2, "B", "单元格内容过长")]
    [InlineData("many-sheets", "", 0, "", "工作表过多")]
    [InlineData("many-entries", "", 0, "", "条目过多")]
    [InlineData("deep-xml", "人员", 0, "", "嵌套过深")]
    [InlineData("huge-attribute", "人员", 0, "", "连续内容超过")]
    [InlineData("huge-cdata", "人员", 0, "", "连续内容超过")]
    [InlineData("declared-larger", "单位", 0, "", "解压后超过 128 MB")]
    public void Read_XlsxBomb_StopsAtItsLimitWithoutInflatingIt(string bomb, string sheet, int row, string column, string message)
    {
        using var s = Bombs.Open(bomb);

        var e = Refused(s, "bomb.xlsx");

        AssertTooLarge(e, sheet, row, column, message);
    }

    [Fact]
    public void Read_EntryInflatingPastItsDeclaredSize_CorruptWithoutInflatingIt()
    {
        using var s = Bombs.Open("declared-smaller");

        var e = Refused(s, "bomb.xlsx");

        Assert.False(e.IsTooLarge);
        Assert.Equal(0, Assert.Single(e.Errors).Row);
        Assert.Contains("损坏", e.Errors[0].Message);
    }

    [Fact]
    public void Read_EmptyFormattedCellsFarRight_Read()
    {
        // Excel writes formatted empty cells wherever someone formatted them; only content past the column limit is refused.
        using var s = new MemoryStream(Bombs.Workbook([("单位", Bombs.Sheet(Bombs.Row(1, "编码", "名称", "类型"),
            "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>QX</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>青溪县</t></is></c>" +
            "<c r=\"C2\" t=\"inlineStr\"><is><t>county</t></is></c><c r=\"XFD2\" s=\"1\"/></row>"))]));

        var file = OrgFileReader.Read(s, "u.xlsx");

        Assert.Equal([new UnitRow(2, "QX", "青溪县", "county", null)], file.Units);
    }

    [Fact]
    public void Read_XlsxContentPastMaxColumns_NamesSheetRowAndColumn()
    {
        using var s = new MemoryStream(Bombs.Workbook([("单位", Bombs.Sheet(Bombs.Row(1, "编码", "名称", "类型"),
            "<row r=\"2\"><c r=\"IW2\" t=\"inlineStr\"><is><t>x</t></is></c></row>"))]));

        var e = Refused(s, "u.xlsx");

        AssertTooLarge(e, "单位", 2, "IW", "列数过多");
    }

    [Fact]
    public void Read_SharedStringsPastTheirCount_TooLarge()
    {
        using var s = TestFiles.Xlsx(("单位", [["编码", "名称", "类型"], ["A1", "甲", "county"], ["A2", "乙", "township"]]));

        var e = Refused(s, "u.xlsx", ImportLimits.Default with { MaxSharedStrings = 5 });

        AssertTooLarge(e, "", 0, "", "文字条目过多");
    }

    [Fact]
    public void Read_SharedStringsPastTheirTotalLength_TooLarge()
    {
        using var s = TestFiles.Xlsx(("单位", [["编码", "名称", "类型"], ["A1", "甲镇人民政府", "county"]]));

        var e = Refused(s, "u.xlsx", ImportLimits.Default with { MaxSharedStringChars = 10 });

        AssertTooLarge(e, "", 0, "", "文字总量过多");
    }

    [Fact]
    public void Read_XlsxRowsPastTheLimit_NamesTheRow()
    {
        var rows = new List<string?[]> { new[] { "编码", "名称", "类型" } };
        for (int i = 0; i < 20; i++) rows.Add([$"U{i}", $"单位{i}", "section"]);
        using var s = TestFiles.Xlsx(("单位", rows.ToArray()));

        var e = Refused(s, "u.xlsx", ImportLimits.Default with { MaxRows = 10 });

        AssertTooLarge(e, "单位", 11, "", "行数过多");
    }

    [Fact]
    public void Read_TotalInflatedPastTheLimit_TooLarge()
    {
        using var s = TestFiles.Xlsx(("单位", [["编码", "名称", "类型"], ["A1", "甲", "county"]]));

        var e = Refused(s, "u.xlsx", ImportLimits.Default with { MaxTotalBytes = 2_000 });

        AssertTooLarge(e, "", 0, "", "文件解压后超过");
    }

    // ------------------------------------------------------------ csv

    [Fact]
    public void Read_CsvSingle60MbLine_TooLargeAtItsFirstCell()
    {
        var bytes = new byte[60 * Mb];
        bytes.AsSpan().Fill((byte)'a');
        using var s = new MemoryStream(bytes);

        var e = Refused(s, "x.csv");

        AssertTooLarge(e, "", 1, "第1列", "单元格内容过长");
    }

    [Fact]
    public void Read_CsvLineOfTenMillionFields_TooLargeAtTheFirstColumnPastTheLimit()
    {
        var bytes = new byte[20 * 1000 * 1000];
        for (int i = 0; i < bytes.Length; i += 2) { bytes[i] = (byte)'a'; bytes[i + 1] = (byte)','; }
        using var s = new MemoryStream(bytes);

        var e = Refused(s, "x.csv");

        AssertTooLarge(e, "", 1, "第257列", "列数过多");
    }

    [Fact]
    public void Read_CsvWithThreeMillionRows_TooLargeAtTheRowPastTheLimit()
    {
        var text = new StringBuilder("编码,名称,类型\n");
        text.Insert(text.Length, "1\n", 3_000_000);
        using var s = new MemoryStream(Utf8.GetBytes(text.ToString()));

        var e = Refused(s, "u.csv", maxAllocatedMb: 128);

        AssertTooLarge(e, "单位", ImportLimits.Default.MaxRows + 1, "", "行数过多");
    }

    // ------------------------------------------------------------ errors

    [Fact]
    public void Read_ThousandBadRows_ReportsTheFirst100AndCountsTheRest()
    {
        var text = new StringBuilder("编号,姓名,单位编码,手机\n");
        for (int i = 0; i < 1000; i++) text.Append($"P{i},张三,QX,12345\n");
        using var s = new MemoryStream(Utf8.GetBytes(text.ToString()));

        var e = Assert.Throws<ImportFileException>(() => OrgFileReader.Read(s, "p.csv"));

        Assert.Equal(ImportFileException.MaxReported, e.Errors.Count);
        Assert.Equal(1000, e.Total);
        Assert.Equal(Enumerable.Range(2, 100), e.Errors.Select(x => x.Row));
        Assert.Contains("共 1000 处错误", e.Detail);
        Assert.Contains("还有 900 处错误", e.Detail);
        Assert.False(e.IsTooLarge);
    }

    [Fact]
    public void Read_LongBadValue_QuotedClippedInTheError()
    {
        var phone = new string('9', 10_000);
        using var s = new MemoryStream(Utf8.GetBytes($"编号,姓名,单位编码,手机\nP1,张三,QX,{phone}\n"));

        var error = Assert.Single(TestFiles.Errors(s, "p.csv"));

        Assert.Equal($"手机号格式不正确：{new string('9', ImportError.MaxQuoted - 1)}…", error.Message);
    }

    [Fact]
    public void Read_LongUnknownHeader_ColumnAndMessageClipped()
    {
        var header = new string('列', 20_000);
        using var s = new MemoryStream(Utf8.GetBytes($"编码,名称,类型,{header}\nQX,青溪县,county,\n"));

        var error = Assert.Single(TestFiles.Errors(s, "u.csv"));

        Assert.Equal(ImportError.MaxQuoted, error.Column.Length);
        Assert.EndsWith("…", error.Column);
        Assert.True(error.Message.Length <= 60, error.Message);
    }

    [Fact]
    public void ImportError_BuiltByAnyone_ClipsSheetColumnAndMessage()
    {
        var e = new ImportError(new string('表', 1000), 3, new string('列', 1000), "未知的单位类型：" + new string('型', 1_000_000));

        Assert.Equal(ImportError.MaxQuoted, e.Sheet.Length);
        Assert.Equal(ImportError.MaxQuoted, e.Column.Length);
        Assert.Equal(ImportError.MaxMessage, e.Message.Length);
        Assert.EndsWith("…", e.Message);
    }

    [Fact]
    public void ImportError_ClipNeverSplitsASurrogatePair()
    {
        var text = new string('a', ImportError.MaxQuoted - 2) + "𠀀𠀀"; // U+20000: two UTF-16 units each

        var clipped = ImportError.Clip(text);

        Assert.Equal(new string('a', ImportError.MaxQuoted - 2) + "…", clipped);
    }

    [Fact]
    public void ImportFileException_FromAnyImporter_KeepsTheFirst100AndTheCount()
    {
        var errors = Enumerable.Range(1, 250_000).Select(i => new ImportError("单位", i, "类型", "未知的单位类型：x"));

        var e = new ImportFileException(errors);

        Assert.Equal(ImportFileException.MaxReported, e.Errors.Count);
        Assert.Equal(250_000, e.Total);
        Assert.Equal(100, e.Errors[^1].Row);
        Assert.True(e.Message.Length < 1000, e.Message);
    }

    // ------------------------------------------------------------ a real file passes

    [Fact]
    public void Read_County100k_PassesHalfOfEveryDefaultLimit()
    {
        // The largest real file (bench/README.md): 5,001 units, 100,000 people, 17,593 posts. With every limit halved it
        // still reads, so the defaults leave it at least twice the room.
        var county = DemoCounty.Generate(100_000);
        using var ms = new MemoryStream();
        OrgTemplate.WriteXlsx(county, ms);
        ms.Position = 0;
        var d = ImportLimits.Default;
        var half = new ImportLimits
        {
            MaxEntries = d.MaxEntries / 2, MaxEntryBytes = d.MaxEntryBytes / 2, MaxTotalBytes = d.MaxTotalBytes / 2,
            MaxSheets = d.MaxSheets / 2, MaxDepth = d.MaxDepth / 2, MaxTokenChars = d.MaxTokenChars / 2,
            MaxCellChars = d.MaxCellChars / 2, MaxColumns = d.MaxColumns / 2, MaxRows = d.MaxRows / 2,
            MaxSharedStrings = d.MaxSharedStrings / 2, MaxSharedStringChars = d.MaxSharedStringChars / 2, MaxNameChars = d.MaxNameChars / 2,
        };

        var read = OrgFileReader.Read(ms, "county.xlsx", limits: half);

        Assert.Equal((county.Units.Count, county.People.Count, county.Posts.Count), (read.Units.Count, read.People.Count, read.Posts.Count));
    }
}
