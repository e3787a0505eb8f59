using System.Text;
using Changxiao.Import;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Changxiao.Tests.Import;

public class OrgTemplateTests
{
    [Fact]
    public void Write_Template_ReadsBackAsTheExampleRows()
    {
        using var ms = new MemoryStream();
        OrgTemplate.Write(ms);
        ms.Position = 0;

        var file = OrgFileReader.Read(ms, OrgTemplate.FileName);

        Assert.Equal(OrgTemplate.Example.Units, file.Units);
        Assert.Equal(OrgTemplate.Example.People, file.People);
        Assert.Equal(OrgTemplate.Example.Posts, file.Posts);
    }

    [Fact]
    public void Write_Template_HasSheetsBoldHeadersWidthsAndHelp()
    {
        using var ms = new MemoryStream();
        OrgTemplate.Write(ms, [("county", "县（市、区）"), ("village", "行政村")]);
        ms.Position = 0;

        using var doc = SpreadsheetDocument.Open(ms, false);
        var wb = doc.WorkbookPart!;
        var sheets = wb.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["单位", "人员", "岗位", "说明"], sheets.Select(s => s.Name!.Value));

        var units = (WorksheetPart)wb.GetPartById(sheets[0].Id!);
        var header = units.Worksheet.Descendants<Row>().First();
        var styleIndex = header.Elements<Cell>().First().StyleIndex!.Value;
        var format = wb.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)styleIndex);
        var font = wb.WorkbookStylesPart.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)format.FontId!.Value);
        Assert.NotNull(font.Bold);
        Assert.All(units.Worksheet.Descendants<Column>(), c => Assert.True(c.Width!.Value >= 10));

        var shared = wb.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList();
        Assert.Contains("在岗人员编号", shared);
        Assert.Contains(shared, s => s.Contains("county 县（市、区）") && s.Contains("village 行政村"));
        Assert.Contains(shared, s => s.Contains("一把手、正职、副职、一般"));
    }

    [Fact]
    public void WriteCsv_Gb18030_ReadsBack()
    {
        var county = DemoCounty.Generate(100);
        using var ms = new MemoryStream();
        OrgTemplate.WriteCsv(county, "岗位", ms, TestFiles.Gb18030);
        ms.Position = 0;

        var file = OrgFileReader.Read(ms, "posts.csv");

        Assert.Equal(county.Posts, file.Posts);
        Assert.Empty(file.Units);
    }

    [Fact]
    public void WriteCsv_DefaultUtf8Bom_ReadsBackUnits()
    {
        var county = DemoCounty.Generate(100);
        using var ms = new MemoryStream();
        OrgTemplate.WriteCsv(county, "units", ms);

        Assert.Equal(new UTF8Encoding(true).GetPreamble(), ms.ToArray()[..3]);
        ms.Position = 0;
        Assert.Equal(county.Units, OrgFileReader.Read(ms, "u.csv").Units);
    }
}
