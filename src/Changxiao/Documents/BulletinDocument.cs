using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Changxiao.Documents;

/// <summary>One line of the bulletin's table.</summary>
public sealed record BulletinLine(string Number, string Title, string Unit, string Clock, string Level, string ListedOn, string State);

/// <summary>
/// The monthly bulletin (月度通报) as a Word document: a title, who issues it and when, one paragraph saying what it
/// lists and on what rule, and a table of the matters. A4, 宋体 (LibreOffice substitutes an installed CJK serif).
/// </summary>
public static class BulletinDocument
{
    private const string Font = "宋体";

    public static void Write(Stream output, string title, string issuer, DateOnly issuedOn, string intro, IReadOnlyList<BulletinLine> lines)
    {
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        var body = new Body();
        body.Append(Paragraph(title, size: 36, bold: true, center: true, after: 240));
        body.Append(Paragraph($"{issuer}　{issuedOn.Year}年{issuedOn.Month}月{issuedOn.Day}日", size: 24, center: true, after: 240));
        body.Append(Paragraph(intro, size: 28, firstLineIndent: true, after: 240));
        if (lines.Count == 0)
            body.Append(Paragraph("本月没有列入通报的事项。", size: 28, firstLineIndent: true));
        else
            body.Append(Table(lines));
        body.Append(new SectionProperties(
            new PageSize { Width = 11906, Height = 16838 },                               // A4
            new PageMargin { Top = 1440, Bottom = 1440, Left = 1304, Right = 1304, Header = 720, Footer = 720, Gutter = 0 }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    private static Table Table(IReadOnlyList<BulletinLine> lines)
    {
        string[] headers = ["序号", "编号", "事项", "责任单位", "时限", "预警", "列入通报", "当前状态"];
        int[] widths = [560, 1660, 2300, 1350, 1150, 620, 880, 778]; // twips; 9,298 = A4 less the margins
        var table = new Table(new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Dxa, Width = "9298" },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(headers, widths, bold: true, header: true));
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            table.Append(Row([(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), l.Number, l.Title, l.Unit, l.Clock, l.Level, l.ListedOn, l.State],
                widths, bold: false, header: false));
        }
        return table;
    }

    private static TableRow Row(string[] cells, int[] widths, bool bold, bool header)
    {
        var row = new TableRow();
        if (header) row.Append(new TableRowProperties(new TableHeader())); // repeated on every page
        for (var c = 0; c < cells.Length; c++)
            row.Append(new TableCell(
                new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = widths[c].ToString(System.Globalization.CultureInfo.InvariantCulture) }),
                Paragraph(cells[c], size: 21, bold: bold, center: header)));
        return row;
    }

    private static Paragraph Paragraph(string text, int size, bool bold = false, bool center = false, bool firstLineIndent = false, int after = 0)
    {
        // Children in the schema's order (spacing, ind, jc; rFonts, b, sz, lang): Word and LibreOffice are strict about it.
        var props = new ParagraphProperties(new SpacingBetweenLines { After = after.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (firstLineIndent) props.Append(new Indentation { FirstLineChars = 200 }); // 首行缩进两字
        if (center) props.Append(new Justification { Val = JustificationValues.Center });
        var runProps = new RunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, EastAsia = Font });
        if (bold) runProps.Append(new Bold());
        runProps.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) }, new Languages { EastAsia = "zh-CN" });
        return new Paragraph(props, new Run(runProps, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
