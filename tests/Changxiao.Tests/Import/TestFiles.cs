using System.Text;
using Changxiao.Import;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Changxiao.Tests.Import;

/// <summary>Builds small import files in memory for the reader tests.</summary>
internal static class TestFiles
{
    static TestFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    /// <summary>An .xlsx with plain string rows (via <see cref="Xlsx.Write"/>, i.e. shared strings).</summary>
    public static MemoryStream Xlsx(params (string Name, string?[][] Rows)[] sheets)
    {
        var ms = new MemoryStream();
        Changxiao.Import.Xlsx.Write(ms, sheets.Select(s => new XlsxSheet(s.Name, s.Rows[0].Select(h => h ?? "").ToList(), s.Rows.Skip(1))));
        ms.Position = 0;
        return ms;
    }

    /// <summary>A cell for <see cref="RawXlsx"/>: "s:" shared string, "r:" rich shared string (runs split by |, plus a phonetic run
    /// that must be ignored), "i:" inline string, "n:" number, "b:" boolean, "f:" formula string result; otherwise a shared string.</summary>
    public static MemoryStream RawXlsx(string sheetName, params (uint Row, string?[] Cells)[] rows)
    {
        var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            var shared = new List<SharedStringItem>();
            var data = new SheetData();
            foreach (var (rowNo, cells) in rows)
            {
                var row = new Row { RowIndex = rowNo };
                for (int c = 0; c < cells.Length; c++)
                {
                    var v = cells[c];
                    if (v is null) continue;
                    var cell = new Cell { CellReference = Changxiao.Import.Xlsx.ColumnName(c) + rowNo };
                    var (kind, text) = v.Length > 2 && v[1] == ':' ? (v[0], v[2..]) : ('s', v);
                    switch (kind)
                    {
                        case 'i':
                            cell.DataType = CellValues.InlineString;
                            cell.InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
                            break;
                        case 'n':
                            cell.CellValue = new CellValue(text);
                            break;
                        case 'b':
                            cell.DataType = CellValues.Boolean;
                            cell.CellValue = new CellValue(text);
                            break;
                        case 'f':
                            cell.DataType = CellValues.String;
                            cell.CellFormula = new CellFormula("\"x\"");
                            cell.CellValue = new CellValue(text);
                            break;
                        case 'r':
                            cell.DataType = CellValues.SharedString;
                            cell.CellValue = new CellValue(shared.Count.ToString());
                            var item = new SharedStringItem(text.Split('|').Select(t => new Run(new Text(t) { Space = SpaceProcessingModeValues.Preserve })));
                            item.Append(new PhoneticRun(new Text("ピン")) { BaseTextStartIndex = 0, EndingBaseIndex = 1 });
                            shared.Add(item);
                            break;
                        default:
                            cell.DataType = CellValues.SharedString;
                            cell.CellValue = new CellValue(shared.Count.ToString());
                            shared.Add(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
                            break;
                    }
                    row.Append(cell);
                }
                data.Append(row);
            }
            var ws = wb.AddNewPart<WorksheetPart>();
            ws.Worksheet = new Worksheet(data);
            var sst = wb.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable(shared);
            wb.Workbook = new Workbook(new Sheets(new Sheet { Name = sheetName, SheetId = 1, Id = wb.GetIdOfPart(ws) }));
        }
        ms.Position = 0;
        return ms;
    }

    public static MemoryStream Csv(string text, Encoding encoding)
    {
        var ms = new MemoryStream();
        ms.Write(encoding.GetPreamble());
        ms.Write(encoding.GetBytes(text));
        ms.Position = 0;
        return ms;
    }

    /// <summary>Reads and returns the errors; fails if the read succeeds.</summary>
    public static IReadOnlyList<ImportError> Errors(Stream stream, string fileName, string? hint = null) =>
        Assert.Throws<ImportFileException>(() => OrgFileReader.Read(stream, fileName, hint)).Errors;
}
