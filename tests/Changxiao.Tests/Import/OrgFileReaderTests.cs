using System.Text;
using Changxiao.Import;

namespace Changxiao.Tests.Import;

public class OrgFileReaderTests
{
    private static readonly Encoding Utf8Bom = new UTF8Encoding(true);
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(false);

    private static void AssertError(IReadOnlyList<ImportError> errors, string sheet, int row, string column, string message) =>
        Assert.True(errors.Contains(new ImportError(sheet, row, column, message)),
            $"expected {new ImportError(sheet, row, column, message)} in:\n{string.Join("\n", errors)}");

    // ------------------------------------------------------------ round trip and happy paths

    [Fact]
    public void Read_GeneratedCountyXlsx_EqualsGenerated()
    {
        var county = DemoCounty.Generate(300);
        using var ms = new MemoryStream();
        OrgTemplate.WriteXlsx(county, ms);
        ms.Position = 0;

        var read = OrgFileReader.Read(ms, "county.xlsx");

        Assert.Equal(county.Units, read.Units);
        Assert.Equal(county.People, read.People);
        Assert.Equal(county.Posts, read.Posts);
    }

    [Fact]
    public void Read_XlsxEnglishSheetAndHeaderNames_MatchedInAnyOrder()
    {
        using var ms = TestFiles.Xlsx(
            ("Units", [["Kind", "CODE", "name", "parent"], ["county", "QX", "青溪县", null], ["bureau", "QX-CZ", "县财政局", "QX"]]),
            ("PEOPLE", [["name", "code", "unit", "email", "phone"], ["张伟", "P1", "QX-CZ", "a@b.cn", "13800138000"]]),
            ("posts", [["holder", "rank", "title", "unit"], ["P1", "TOP", "局长", "QX-CZ"], [null, "副职", "副局长", "QX-CZ"]]));

        var file = OrgFileReader.Read(ms, "org.XLSX");

        Assert.Equal([new UnitRow(2, "QX", "青溪县", "county", null), new UnitRow(3, "QX-CZ", "县财政局", "bureau", "QX")], file.Units);
        Assert.Equal([new PersonRow(2, "P1", "张伟", "QX-CZ", "13800138000", "a@b.cn")], file.People);
        Assert.Equal([new PostRow(2, "QX-CZ", "局长", "top", "P1"), new PostRow(3, "QX-CZ", "副局长", "deputy", null)], file.Posts);
    }

    [Fact]
    public void Read_XlsxNumbersInlineAndRichStringsAndBlankRows_ReadAsTextWithSpreadsheetRowNumbers()
    {
        using var ms = TestFiles.RawXlsx("人员",
            (1, ["编号", "i:姓名", "单位编码", "手机", "邮箱"]),
            (2, ["n:1001", "i:  王芳 ", "n:42", "n:13800138000", null]),
            (3, ["  ", null, "i: "]),                      // blank: skipped
            (5, ["n:1.0E+3", "李娜", "f:QX", "n:1.3900139E10", "li@qx.gov.cn"]),
            (6, ["n:0.30000000000000004", "r:欧阳| 娜", "b:1", null, null]));

        var file = OrgFileReader.Read(ms, "p.xlsx");

        Assert.Equal(
            [
                new PersonRow(2, "1001", "王芳", "42", "13800138000", null),
                new PersonRow(5, "1000", "李娜", "QX", "13900139000", "li@qx.gov.cn"),
                new PersonRow(6, "0.3", "欧阳 娜", "TRUE", null, null),
            ],
            file.People);
        Assert.Empty(file.Units);
        Assert.Empty(file.Posts);
    }

    [Fact]
    public void Read_XlsxHeaderWithAsterisksAndExtraSheets_IgnoresThem()
    {
        using var ms = TestFiles.Xlsx(
            ("说明", [["随便写", "什么"], ["x", "y"]]),
            ("单位", [["编码*", "名称 *", "类型＊", "上级编码"], ["QX", "青溪县", "县（市、区）", null]]));

        var file = OrgFileReader.Read(ms, "a.xlsx");

        Assert.Equal([new UnitRow(2, "QX", "青溪县", "县（市、区）", null)], file.Units);
    }

    [Fact]
    public void Read_XlsxSingleUnnamedSheet_DetectedByHeader()
    {
        using var ms = TestFiles.Xlsx(("Sheet1", [["单位编码", "岗位名称", "职级"], ["QX", "县长", "正职"]]));

        var file = OrgFileReader.Read(ms, "a.xlsx");

        Assert.Equal([new PostRow(2, "QX", "县长", "principal", null)], file.Posts);
    }

    [Fact]
    public void Read_HeaderAliases_Accepted()
    {
        using var ms = TestFiles.Csv("人员编号,姓名,单位编码,手机号码,电子邮箱\nP1,张伟,QX,13800138000,zw@qx.gov.cn\n", Utf8Bom);

        var file = OrgFileReader.Read(ms, "p.csv");

        Assert.Equal([new PersonRow(2, "P1", "张伟", "QX", "13800138000", "zw@qx.gov.cn")], file.People);
    }

    [Fact]
    public void Read_PostRanksInChineseAndEnglish_NormalisedToCodes()
    {
        using var ms = TestFiles.Csv("单位编码,岗位名称,职级\nQX,书记,一把手\nQX,县长,正职\nQX,副县长,副职\nQX,秘书,一般\nQX,a,Deputy\nQX,b,staff\n", Utf8Bom);

        var file = OrgFileReader.Read(ms, "posts.csv");

        Assert.Equal(["top", "principal", "deputy", "staff", "deputy", "staff"], file.Posts.Select(p => p.Rank));
    }

    [Fact]
    public void Read_CsvUtf8WithBom_ReadsPeopleTable()
    {
        using var ms = TestFiles.Csv("编号,姓名,单位编码,手机,邮箱\r\nP000001,张伟,QX-CZ,13800138000,\r\nP000002,\"欧阳, 娜\",QX-CZ,0578-2123456,ouyang@qx.gov.cn\r\n", Utf8Bom);

        var file = OrgFileReader.Read(ms, "people.csv");

        Assert.Equal(
            [new PersonRow(2, "P000001", "张伟", "QX-CZ", "13800138000", null), new PersonRow(3, "P000002", "欧阳, 娜", "QX-CZ", "0578-2123456", "ouyang@qx.gov.cn")],
            file.People);
    }

    [Fact]
    public void Read_CsvUtf8WithoutBomAndBlankLines_KeepsRowNumbers()
    {
        using var ms = TestFiles.Csv("code,name,kind,parent\n\nQX,青溪县,county,\n , , , \nQX-T01,青石镇,township,QX\n", Utf8NoBom);

        var file = OrgFileReader.Read(ms, "units.csv");

        Assert.Equal([new UnitRow(3, "QX", "青溪县", "county", null), new UnitRow(5, "QX-T01", "青石镇", "township", "QX")], file.Units);
    }

    [Fact]
    public void Read_CsvGb18030_DecodesChinese()
    {
        using var ms = TestFiles.Csv("单位编码,岗位名称,职级,在岗人员编号\r\nQX-FY,院长,一把手,P000007\r\n", TestFiles.Gb18030);

        var file = OrgFileReader.Read(ms, "岗位.csv");

        Assert.Equal([new PostRow(2, "QX-FY", "院长", "top", "P000007")], file.Posts);
    }

    [Fact]
    public void Read_CsvWithSheetHint_HintDecidesTable()
    {
        // "code,name,unit" names people columns, but the hint says 单位 ("unit" is then unknown, 类型 missing).
        using var ms = TestFiles.Csv("code,name,unit\nQX,青溪县,QX\n", Utf8Bom);

        var errors = TestFiles.Errors(ms, "x.csv", "units");

        Assert.Equal(
            [new ImportError("单位", 1, "unit", "不认识的列：unit"), new ImportError("单位", 1, "类型", "缺少必填列：类型")],
            errors);
    }

    [Fact]
    public void Read_CsvAmbiguousHeader_ReportsRow1()
    {
        // "code,name" alone could be 单位 or 人员.
        using var ms = TestFiles.Csv("code,name\nQX,青溪县\n", Utf8Bom);

        var error = Assert.Single(TestFiles.Errors(ms, "x.csv"));

        Assert.Equal(("", 1), (error.Sheet, error.Row));
    }

    [Fact]
    public void Read_CsvTabSeparated_Read()
    {
        using var ms = TestFiles.Csv("编码\t名称\t类型\nQX\t青溪县\tcounty\n", Encoding.Unicode);

        var file = OrgFileReader.Read(ms, "units.txt");

        Assert.Equal([new UnitRow(2, "QX", "青溪县", "county", null)], file.Units);
    }

    [Fact]
    public async Task ReadAsync_NonSeekableStream_Reads()
    {
        var bytes = TestFiles.Csv("编码,名称,类型\nQX,青溪县,county\n", Utf8Bom).ToArray();
        await using var stream = new NonSeekableStream(bytes);

        var file = await OrgFileReader.ReadAsync(stream, "u.csv");

        Assert.Single(file.Units);
    }

    // ------------------------------------------------------------ row errors

    [Fact]
    public void Read_EmptyRequiredCells_ReportsEachWithSheetRowAndHeader()
    {
        using var ms = TestFiles.Xlsx(
            ("单位", [["编码", "名称", "类型"], ["QX", null, "county"], [null, "县财政局", null]]),
            ("人员", [["编号", "姓名", "单位编码"], ["P1", "张伟", null]]),
            ("岗位", [["单位编码", "岗位名称", "职级"], ["QX", null, null]]));

        var errors = TestFiles.Errors(ms, "a.xlsx");

        Assert.Equal(6, errors.Count);
        AssertError(errors, "单位", 2, "名称", "必填项为空");
        AssertError(errors, "单位", 3, "编码", "必填项为空");
        AssertError(errors, "单位", 3, "类型", "必填项为空");
        AssertError(errors, "人员", 2, "单位编码", "必填项为空");
        AssertError(errors, "岗位", 2, "岗位名称", "必填项为空");
        AssertError(errors, "岗位", 2, "职级", "必填项为空");
    }

    [Fact]
    public void Read_DuplicateUnitCode_NamesFirstRow()
    {
        using var ms = TestFiles.Xlsx(("units", [["code", "name", "kind"], ["QX", "青溪县", "county"], ["QX-A", "甲", "bureau"], ["qx", "又一个", "county"]]));

        var errors = TestFiles.Errors(ms, "a.xlsx");

        Assert.Equal([new ImportError("单位", 4, "code", "编码重复（与第2行相同）")], errors);
    }

    [Fact]
    public void Read_DuplicatePersonCode_NamesFirstRow()
    {
        using var ms = TestFiles.Csv("编号,姓名,单位编码\nP1,张伟,QX\nP2,王芳,QX\nP1,李娜,QX\n", Utf8Bom);

        var errors = TestFiles.Errors(ms, "p.csv");

        Assert.Equal([new ImportError("人员", 4, "编号", "编号重复（与第2行相同）")], errors);
    }

    [Fact]
    public void Read_BadUnitCodeAndSelfParent_Reported()
    {
        using var ms = TestFiles.Csv("编码,名称,类型,上级编码\nQX 1,青溪县,county,\nQX,青溪县,county,QX\n", Utf8Bom);

        var errors = TestFiles.Errors(ms, "u.csv");

        AssertError(errors, "单位", 2, "编码", "编码只能包含字母、数字和 - _ . ：QX 1");
        AssertError(errors, "单位", 3, "上级编码", "上级编码不能是本单位自己的编码");
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Read_TooLongValues_ReportLimit()
    {
        var longCode = new string('A', 65);
        var longName = new string('名', 101);
        using var ms = TestFiles.Csv($"编码,名称,类型\n{longCode},{longName},county\n", Utf8Bom);

        var errors = TestFiles.Errors(ms, "u.csv");

        AssertError(errors, "单位", 2, "编码", "超过长度上限（最多64个字符，实际65个）");
        AssertError(errors, "单位", 2, "名称", "超过长度上限（最多100个字符，实际101个）");
    }

    [Fact]
    public void Read_BadPhoneAndEmail_Reported()
    {
        using var ms = TestFiles.Csv(
            "编号,姓名,单位编码,手机,邮箱\nP1,张伟,QX,12345,zw@qx.gov.cn\nP2,王芳,QX,0577-88888888,not-an-email\nP3,李娜,QX,23800138000,\nP4,刘洋,QX,13800138000,a@b.cn\n", Utf8Bom);

        var errors = TestFiles.Errors(ms, "p.csv");

        Assert.Equal(
            [
                new ImportError("人员", 2, "手机", "手机号格式不正确：12345"),
                new ImportError("人员", 3, "邮箱", "邮箱格式不正确：not-an-email"),
                new ImportError("人员", 4, "手机", "手机号格式不正确：23800138000"),
            ],
            errors);
    }

    [Fact]
    public void Read_UnknownRank_Reported()
    {
        using var ms = TestFiles.Xlsx(("岗位", [["单位编码", "岗位名称", "职级"], ["QX", "科长", "科长"]]));

        var errors = TestFiles.Errors(ms, "a.xlsx");

        Assert.Equal([new ImportError("岗位", 2, "职级", "未知的职级：科长")], errors);
    }

    // ------------------------------------------------------------ header errors

    [Fact]
    public void Read_UnknownColumn_RejectedByName()
    {
        using var ms = TestFiles.Xlsx(("人员", [["编号", "姓名", "单位编码", "备注"], ["P1", "张伟", "QX", "x"]]));

        var errors = TestFiles.Errors(ms, "a.xlsx");

        Assert.Equal([new ImportError("人员", 1, "备注", "不认识的列：备注")], errors);
    }

    [Fact]
    public void Read_MissingRequiredColumn_ReportedOnceNotPerRow()
    {
        using var ms = TestFiles.Xlsx(("单位", [["编码", "类型"], ["QX", "county"], ["QX-A", "bureau"]]));

        var errors = TestFiles.Errors(ms, "a.xlsx");

        Assert.Equal([new ImportError("单位", 1, "名称", "缺少必填列：名称")], errors);
    }

    [Fact]
    public void Read_DuplicateColumn_Reported()
    {
        using var ms = TestFiles.Xlsx(("单位", [["编码", "名称", "类型", "code"], ["QX", "青溪县", "county", "QX"]]));

        var errors = TestFiles.Errors(ms, "a.xlsx");

        Assert.Equal([new ImportError("单位", 1, "code", "列重复：“code”与“编码”是同一列")], errors);
    }

    [Fact]
    public void Read_DataUnderEmptyHeader_ReportsColumnLetter()
    {
        using var ms = TestFiles.Xlsx(("单位", [["编码", "名称", "类型"], ["QX", "青溪县", "county", "多余"]]));

        var errors = TestFiles.Errors(ms, "a.xlsx");

        Assert.Equal([new ImportError("单位", 1, "D", "D有内容但没有列名")], errors);
    }

    [Fact]
    public void Read_CsvUnrecognisedHeader_ReportsRow1()
    {
        using var ms = TestFiles.Csv("甲,乙\n1,2\n", Utf8Bom);

        var error = Assert.Single(TestFiles.Errors(ms, "x.csv"));

        Assert.Equal(("", 1, ""), (error.Sheet, error.Row, error.Column));
        Assert.StartsWith("无法根据表头判断", error.Message);
    }

    [Fact]
    public void Read_ManyProblems_AllCollectedAcrossSheets()
    {
        using var ms = TestFiles.Xlsx(
            ("单位", [["编码", "名称", "类型", "备注"], ["QX", "青溪县", "county"], ["QX", "青溪县", "county"]]),
            ("人员", [["编号", "姓名", "单位编码", "手机"], ["P1", "张伟", "QX", "1"], ["P2", "王芳", "QX", "2"]]),
            ("岗位", [["单位编码", "岗位名称", "职级"], ["QX", "县长", "大官"]]));

        var errors = TestFiles.Errors(ms, "a.xlsx");

        Assert.Equal(5, errors.Count);
        Assert.Equal(["单位", "单位", "人员", "人员", "岗位"], errors.Select(e => e.Sheet));
    }

    // ------------------------------------------------------------ file errors

    [Fact]
    public void Read_CorruptXlsx_SingleFileError()
    {
        using var ms = new MemoryStream(Encoding.UTF8.GetBytes("this is not a zip file"));

        var error = Assert.Single(TestFiles.Errors(ms, "org.xlsx"));

        Assert.Equal(("", 0, ""), (error.Sheet, error.Row, error.Column));
        Assert.Contains("无法作为 Excel", error.Message);
    }

    [Fact]
    public void Read_TruncatedXlsx_SingleFileError()
    {
        var bytes = TestFiles.Xlsx(("单位", [["编码", "名称", "类型"], ["QX", "青溪县", "county"]])).ToArray();
        using var ms = new MemoryStream(bytes[..(bytes.Length / 2)]);

        var error = Assert.Single(TestFiles.Errors(ms, "org.xlsx"));

        Assert.Equal(0, error.Row);
    }

    [Theory]
    [InlineData("org.xls", "另存为")]
    [InlineData("org.pdf", "不支持的文件类型")]
    [InlineData("org", "没有扩展名")]
    public void Read_UnsupportedFileName_SingleFileError(string fileName, string expected)
    {
        using var ms = new MemoryStream([1, 2, 3]);

        var error = Assert.Single(TestFiles.Errors(ms, fileName));

        Assert.Equal(0, error.Row);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Read_EmptyCsv_SingleFileError()
    {
        using var ms = new MemoryStream(Utf8Bom.GetPreamble());

        var error = Assert.Single(TestFiles.Errors(ms, "x.csv"));

        Assert.Equal((0, "文件为空"), (error.Row, error.Message));
    }

    [Fact]
    public void Read_XlsxWithoutKnownSheets_SingleFileError()
    {
        using var ms = TestFiles.Xlsx(("Sheet1", [["a"], ["1"]]), ("Sheet2", [["b"], ["2"]]));

        var error = Assert.Single(TestFiles.Errors(ms, "x.xlsx"));

        Assert.Equal(0, error.Row);
        Assert.Contains("未找到", error.Message);
    }

    [Fact]
    public void Read_UnknownSheetHint_SingleFileError()
    {
        using var ms = TestFiles.Csv("编码,名称,类型\n", Utf8Bom);

        var error = Assert.Single(TestFiles.Errors(ms, "x.csv", "部门"));

        Assert.Equal(0, error.Row);
        Assert.Contains("未知的表名：部门", error.Message);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }
}
