using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Changxiao.Import;

/// <summary>One worksheet to write with <see cref="Xlsx.Write"/>.</summary>
/// <param name="Name">Sheet name (≤ 31 chars, no <c>[]:*?/\</c>).</param>
/// <param name="Headers">Row 1; written bold, and the row is frozen.</param>
/// <param name="Rows">Data rows from row 2 on; a null or empty cell is left out.</param>
/// <param name="Widths">Column widths in characters (optional, one per header).</param>
/// <param name="TextColumns">Format whole columns as text (@), so that codes and phone numbers typed later stay text.</param>
/// <param name="ListValidations">Drop-down lists: 0-based column index → allowed values (applied to rows 2..10000).</param>
/// <param name="WrapText">Wrap long text in data cells (top-aligned), e.g. for an explanation sheet.</param>
public sealed record XlsxSheet(
    string Name,
    IReadOnlyList<string> Headers,
    IEnumerable<IReadOnlyList<string?>> Rows,
    IReadOnlyList<double>? Widths = null,
    bool TextColumns = false,
    IReadOnlyDictionary<int, IReadOnlyList<string>>? ListValidations = null,
    bool WrapText = false);

/// <summary>A worksheet of an opened workbook, read row by row.</summary>
public sealed class XlsxSheetRef
{
    internal XlsxSheetRef(string name, WorksheetPart part) { Name = name; Part = part; }
    public string Name { get; }
    internal WorksheetPart Part { get; }
}

/// <summary>One non-empty row: its 1-based row number and its cells' text by 0-based column index (trimmed; missing cells are "").</summary>
public readonly record struct XlsxRow(int Number, string[] Cells);

/// <summary>
/// Small helpers over DocumentFormat.OpenXml for plain tabular sheets. Reading streams the sheet XML
/// (no DOM), so 100k-row sheets are cheap; writing uses <see cref="OpenXmlWriter"/> with a shared string table.
/// </summary>
public static class Xlsx
{
    // Styles: 0 default, 1 bold (header), 2 text format "@", 3 wrapped text.
    private const uint BoldStyle = 1, TextStyle = 2, WrapStyle = 3;

    // ---------------------------------------------------------------- reading

    /// <summary>An opened .xlsx: its worksheets in workbook order and the shared string table.</summary>
    public sealed class Workbook : IDisposable
    {
        private readonly SpreadsheetDocument _doc;
        private string[]? _shared;

        internal Workbook(SpreadsheetDocument doc)
        {
            _doc = doc;
            var wbPart = doc.WorkbookPart ?? throw new InvalidDataException("缺少工作簿 (workbook.xml)");
            var sheets = new List<XlsxSheetRef>();
            foreach (var sheet in wbPart.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                var id = sheet.Id?.Value;
                if (id is null || sheet.Name?.Value is not { } name) continue;
                if (wbPart.TryGetPartById(id, out var part) && part is WorksheetPart ws)
                    sheets.Add(new XlsxSheetRef(name, ws));
            }
            Sheets = sheets;
        }

        public IReadOnlyList<XlsxSheetRef> Sheets { get; }

        /// <summary>Non-empty rows of a sheet, in file order. Cell text is trimmed; numbers come as their text.</summary>
        public IEnumerable<XlsxRow> ReadRows(XlsxSheetRef sheet)
        {
            var shared = _shared ??= ReadSharedStrings(_doc.WorkbookPart!.SharedStringTablePart);
            return Xlsx.ReadRows(sheet.Part, shared);
        }

        public void Dispose() => _doc.Dispose();
    }

    /// <summary>Opens an .xlsx for reading. Throws (OpenXmlPackageException, InvalidDataException, IOException…) on a corrupt file.</summary>
    public static Workbook Open(Stream stream)
    {
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        var doc = SpreadsheetDocument.Open(stream, false);
        try { return new Workbook(doc); }
        catch { doc.Dispose(); throw; }
    }

    private static XmlReaderSettings ReaderSettings => new()
    {
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        CloseInput = true,
    };

    private static string[] ReadSharedStrings(SharedStringTablePart? part)
    {
        if (part is null) return [];
        var list = new List<string>();
        using var xr = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), ReaderSettings);
        while (!xr.EOF)
        {
            if (xr.NodeType == XmlNodeType.Element && xr.LocalName == "si") list.Add(ReadRichText(xr));
            else xr.Read();
        }
        return [.. list];
    }

    // The readers below follow one rule: a method handed the reader on an element's start tag consumes
    // the whole element and leaves the reader on the node after it (as XmlReader.Skip does).

    /// <summary>Text of an &lt;si&gt; or &lt;is&gt;: all &lt;t&gt; except those of phonetic runs (&lt;rPh&gt;).</summary>
    private static string ReadRichText(XmlReader xr)
    {
        if (xr.IsEmptyElement) { xr.Read(); return ""; }
        int depth = xr.Depth;
        string? single = null;
        StringBuilder? sb = null;
        xr.Read();
        while (!xr.EOF && !(xr.NodeType == XmlNodeType.EndElement && xr.Depth == depth))
        {
            if (xr.NodeType != XmlNodeType.Element) { xr.Read(); continue; }
            switch (xr.LocalName)
            {
                case "t":
                    var text = xr.ReadElementContentAsString();
                    if (single is null && sb is null) single = text;
                    else (sb ??= new StringBuilder(single)).Append(text);
                    break;
                case "rPh" or "phoneticPr" or "rPr":
                    xr.Skip();
                    break;
                default: // <r>: descend
                    xr.Read();
                    break;
            }
        }
        xr.Read(); // past the end tag
        return sb?.ToString() ?? single ?? "";
    }

    private static IEnumerable<XlsxRow> ReadRows(WorksheetPart part, string[] shared)
    {
        using var xr = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), ReaderSettings);
        int rowNumber = 0;
        var cells = new List<string>(16);
        while (!xr.EOF)
        {
            if (xr.NodeType != XmlNodeType.Element) { xr.Read(); continue; }
            switch (xr.LocalName)
            {
                case "row":
                    break;
                case "worksheet" or "sheetData":
                    xr.Read(); // descend
                    continue;
                default: // sheetViews, cols, mergeCells, dataValidations, …
                    xr.Skip();
                    continue;
            }
            rowNumber = ParseInt(xr.GetAttribute("r")) is int r and > 0 ? r : rowNumber + 1;
            cells.Clear();
            bool any = false;
            if (xr.IsEmptyElement) { xr.Read(); continue; }
            int rowDepth = xr.Depth;
            int col = -1;
            xr.Read();
            while (!xr.EOF && !(xr.NodeType == XmlNodeType.EndElement && xr.Depth == rowDepth))
            {
                if (xr.NodeType != XmlNodeType.Element) { xr.Read(); continue; }
                if (xr.LocalName != "c") { xr.Skip(); continue; }
                col = ColumnIndex(xr.GetAttribute("r")) ?? col + 1;
                string text = ReadCell(xr, shared).Trim();
                if (text.Length == 0) continue;
                while (cells.Count <= col) cells.Add("");
                cells[col] = text;
                any = true;
            }
            xr.Read(); // past </row>
            if (any) yield return new XlsxRow(rowNumber, [.. cells]);
        }
    }

    /// <summary>Text of a &lt;c&gt; cell as a person would see it (shared/inline strings, numbers, booleans).</summary>
    private static string ReadCell(XmlReader xr, string[] shared)
    {
        string? type = xr.GetAttribute("t");
        if (xr.IsEmptyElement) { xr.Read(); return ""; }
        int depth = xr.Depth;
        string? value = null, inline = null;
        xr.Read();
        while (!xr.EOF && !(xr.NodeType == XmlNodeType.EndElement && xr.Depth == depth))
        {
            if (xr.NodeType != XmlNodeType.Element) { xr.Read(); continue; }
            switch (xr.LocalName)
            {
                case "v": value = xr.ReadElementContentAsString(); break;
                case "is": inline = ReadRichText(xr); break;
                default: xr.Skip(); break; // <f>, <extLst>
            }
        }
        xr.Read(); // past </c>
        switch (type)
        {
            case "s":
                return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Length ? shared[i] : "";
            case "inlineStr":
                return inline ?? value ?? "";
            case "b":
                return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value ?? "";
            case "str" or "e" or "d":
                return value ?? "";
            default: // "n" or absent: a number, shown as Excel would (15 significant digits, no exponent for integers)
                return value is null ? inline ?? "" : NumberText(value);
        }
    }

    /// <summary>The text a person sees for a stored number: 13800138000 not 1.3800138E+10, 0.3 not 0.30000000000000004.</summary>
    internal static string NumberText(string raw)
    {
        raw = raw.Trim();
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d) || double.IsInfinity(d))
            return raw;
        if (Math.Abs(d) < 1e15 && d == Math.Floor(d))
            return d.ToString("0", CultureInfo.InvariantCulture);
        return d.ToString("G15", CultureInfo.InvariantCulture);
    }

    private static int? ParseInt(string? s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>"B12" → 1; null if no letters.</summary>
    internal static int? ColumnIndex(string? cellRef)
    {
        if (string.IsNullOrEmpty(cellRef)) return null;
        int n = 0, i = 0;
        for (; i < cellRef.Length; i++)
        {
            char c = cellRef[i];
            if (c is >= 'A' and <= 'Z') n = n * 26 + (c - 'A' + 1);
            else if (c is >= 'a' and <= 'z') n = n * 26 + (c - 'a' + 1);
            else break;
        }
        return i == 0 ? null : n - 1;
    }

    /// <summary>0 → "A", 26 → "AA".</summary>
    public static string ColumnName(int index)
    {
        var s = "";
        for (int n = index + 1; n > 0; n = (n - 1) / 26)
            s = (char)('A' + (n - 1) % 26) + s;
        return s;
    }

    // ---------------------------------------------------------------- writing

    /// <summary>Writes a workbook with the given sheets (streamed; fine for 100k+ rows).</summary>
    public static void Write(Stream output, IEnumerable<XlsxSheet> sheets)
    {
        // The package needs a seekable stream; buffer when it is not (e.g. an HTTP response body).
        if (!output.CanSeek || !output.CanRead)
        {
            using var buffer = new MemoryStream();
            Write(buffer, sheets);
            buffer.Position = 0;
            buffer.CopyTo(output);
            return;
        }

        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wbPart = doc.AddWorkbookPart();
        var styles = wbPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = BuildStylesheet();
        styles.Stylesheet.Save();

        var shared = new Dictionary<string, int>(StringComparer.Ordinal);
        var sharedList = new List<string>();
        int Share(string s)
        {
            if (!shared.TryGetValue(s, out var i)) { i = sharedList.Count; shared.Add(s, i); sharedList.Add(s); }
            return i;
        }

        var sheetEntries = new List<Sheet>();
        uint sheetId = 1;
        foreach (var sheet in sheets)
        {
            var wsPart = wbPart.AddNewPart<WorksheetPart>();
            WriteSheet(wsPart, sheet, Share, selected: sheetId == 1);
            sheetEntries.Add(new Sheet { Name = sheet.Name, SheetId = sheetId++, Id = wbPart.GetIdOfPart(wsPart) });
        }

        var sstPart = wbPart.AddNewPart<SharedStringTablePart>();
        using (var w = OpenXmlWriter.Create(sstPart))
        {
            w.WriteStartElement(new SharedStringTable(), [
                new OpenXmlAttribute("count", "", sharedList.Count.ToString(CultureInfo.InvariantCulture)),
                new OpenXmlAttribute("uniqueCount", "", sharedList.Count.ToString(CultureInfo.InvariantCulture))]);
            foreach (var s in sharedList)
            {
                w.WriteStartElement(new SharedStringItem());
                var t = new Text(s);
                if (s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]))) t.Space = SpaceProcessingModeValues.Preserve;
                w.WriteElement(t);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        wbPart.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(new Sheets(sheetEntries));
        wbPart.Workbook.Save();
    }

    private static void WriteSheet(WorksheetPart part, XlsxSheet sheet, Func<string, int> share, bool selected)
    {
        int columns = sheet.Headers.Count;
        using var w = OpenXmlWriter.Create(part);
        w.WriteStartElement(new Worksheet());

        // Freeze row 1.
        w.WriteStartElement(new SheetViews());
        w.WriteStartElement(new SheetView { WorkbookViewId = 0, TabSelected = selected });
        w.WriteElement(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
        w.WriteElement(new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } });
        w.WriteEndElement();
        w.WriteEndElement();

        if (columns > 0)
        {
            w.WriteStartElement(new Columns());
            for (int c = 0; c < columns; c++)
            {
                double width = sheet.Widths is { } ws && c < ws.Count ? ws[c] : 14;
                var col = new Column { Min = (uint)(c + 1), Max = (uint)(c + 1), Width = width, CustomWidth = true };
                if (sheet.TextColumns) col.Style = TextStyle;
                w.WriteElement(col);
            }
            w.WriteEndElement();
        }

        w.WriteStartElement(new SheetData());
        uint rowIndex = 1;
        WriteRow(w, rowIndex++, sheet.Headers, BoldStyle, share);
        foreach (var row in sheet.Rows)
            WriteRow(w, rowIndex++, row, sheet.TextColumns ? TextStyle : sheet.WrapText ? WrapStyle : 0, share);
        w.WriteEndElement(); // sheetData

        if (sheet.ListValidations is { Count: > 0 } lists)
        {
            w.WriteStartElement(new DataValidations { Count = (uint)lists.Count });
            foreach (var (col, values) in lists.OrderBy(kv => kv.Key))
            {
                var letter = ColumnName(col);
                w.WriteStartElement(new DataValidation
                {
                    Type = DataValidationValues.List,
                    AllowBlank = true,
                    ShowErrorMessage = false,
                    ShowInputMessage = true,
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{letter}2:{letter}10000" },
                });
                w.WriteElement(new Formula1("\"" + string.Join(",", values) + "\""));
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        w.WriteEndElement(); // worksheet
    }

    private static void WriteRow(OpenXmlWriter w, uint rowIndex, IReadOnlyList<string?> values, uint style, Func<string, int> share)
    {
        w.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", rowIndex.ToString(CultureInfo.InvariantCulture))]);
        for (int c = 0; c < values.Count; c++)
        {
            var v = values[c];
            if (string.IsNullOrEmpty(v)) continue;
            var attrs = new List<OpenXmlAttribute>(3)
            {
                new("r", "", ColumnName(c) + rowIndex.ToString(CultureInfo.InvariantCulture)),
                new("t", "", "s"),
            };
            if (style != 0) attrs.Add(new OpenXmlAttribute("s", "", style.ToString(CultureInfo.InvariantCulture)));
            w.WriteStartElement(new Cell(), attrs);
            w.WriteElement(new CellValue(share(v).ToString(CultureInfo.InvariantCulture)));
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static Stylesheet BuildStylesheet() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "等线" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "等线" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 49, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top })
            { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyAlignment = true })
        { Count = 4 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
