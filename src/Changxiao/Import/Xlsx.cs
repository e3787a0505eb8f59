using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
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
    internal XlsxSheetRef(string name, string part) { Name = name; Part = part; }
    public string Name { get; }
    /// <summary>The zip entry holding the sheet's XML.</summary>
    internal string Part { get; }
}

/// <summary>One non-empty row: its 1-based row number and its cells' text by 0-based column index (trimmed; missing cells are "").</summary>
public readonly record struct XlsxRow(int Number, string[] Cells);

/// <summary>
/// Plain tabular sheets. Reading goes straight to the zip with <see cref="XmlReader"/>, every part through the bounds of
/// <see cref="ImportLimits"/> (counted as it inflates, text taken in chunks), so 100k-row sheets are cheap and a
/// decompression bomb stops at the first bound it crosses; writing uses DocumentFormat.OpenXml's
/// <see cref="OpenXmlWriter"/> with a shared string table.
/// </summary>
public static class Xlsx
{
    // Styles: 0 default, 1 bold (header), 2 text format "@", 3 wrapped text.
    private const uint BoldStyle = 1, TextStyle = 2, WrapStyle = 3;

    /// <summary>Excel's last column, XFD.</summary>
    private const int ExcelColumns = 16_384;

    // ---------------------------------------------------------------- reading

    /// <summary>An opened .xlsx: its worksheets in workbook order and the shared string table.</summary>
    public sealed class Workbook : IDisposable
    {
        private readonly ZipArchive _zip;
        private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
        private readonly ImportLimits _limits;
        private readonly InflateBudget _budget;
        private readonly string? _sharedPart;
        private string[]? _shared;

        internal Workbook(ZipArchive zip, ImportLimits limits)
        {
            _zip = zip;
            _limits = limits;
            _budget = new InflateBudget(limits.MaxTotalBytes);
            if (zip.Entries.Count > limits.MaxEntries) throw TooManyEntries(limits);
            foreach (var e in zip.Entries) _entries.TryAdd(e.FullName.Replace('\\', '/').TrimStart('/'), e);

            var book = Relationships("", (_, type) => type.EndsWith("/officeDocument", StringComparison.Ordinal), 1)
                .Values.FirstOrDefault().Target ?? throw new InvalidDataException("no workbook");
            var listed = SheetList(book);
            var ids = listed.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            bool sharedSeen = false;
            var rels = Relationships(book, (id, type) =>
                type.EndsWith("/worksheet", StringComparison.Ordinal) ? ids.Contains(id)
                : type.EndsWith("/sharedStrings", StringComparison.Ordinal) && !sharedSeen && (sharedSeen = true), limits.MaxSheets + 1);
            _sharedPart = rels.Values.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target;
            Sheets = [.. listed
                .Where(s => rels.TryGetValue(s.Id, out var r) && r.Type.EndsWith("/worksheet", StringComparison.Ordinal) && _entries.ContainsKey(r.Target))
                .Select(s => new XlsxSheetRef(s.Name, rels[s.Id].Target))];
        }

        public IReadOnlyList<XlsxSheetRef> Sheets { get; }

        /// <summary>Non-empty rows of a sheet, in file order. Cell text is trimmed; numbers come as their text.</summary>
        public IEnumerable<XlsxRow> ReadRows(XlsxSheetRef sheet) => Rows(sheet, _shared ??= SharedStrings());

        public void Dispose() => _zip.Dispose();

        /// <summary>Opens a part (a zip entry) for reading, bounded as <see cref="ImportLimits"/> says.</summary>
        /// <param name="sheet">The sheet it holds, named in errors ("" for other parts).</param>
        private PartReader Open(string part, string sheet)
        {
            if (!_entries.TryGetValue(part, out var entry)) throw new InvalidDataException("missing part");
            var bytes = BoundedEntryStream.Open(entry, _limits, _budget, sheet);
            // A TextReader decides the encoding (BOM, else UTF-8, as Excel writes) so that the guard counts characters.
            var text = new TokenBoundedReader(new StreamReader(bytes, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024), _limits.MaxTokenChars, sheet);
            try
            {
                return new PartReader(XmlReader.Create(text, new XmlReaderSettings
                {
                    IgnoreComments = true,
                    IgnoreProcessingInstructions = true,
                    IgnoreWhitespace = false,
                    DtdProcessing = DtdProcessing.Prohibit,
                    XmlResolver = null,
                    MaxCharactersInDocument = _limits.MaxEntryBytes,
                    MaxCharactersFromEntities = 1024,
                    CloseInput = true,
                }), _limits, sheet);
            }
            catch
            {
                text.Dispose();
                throw;
            }
        }

        /// <summary>The relationships of a part ("" = the package) that <paramref name="keep"/> selects (at most
        /// <paramref name="max"/>): id → type and target part name.</summary>
        private Dictionary<string, (string Type, string Target)> Relationships(string source, Func<string, string, bool> keep, int max)
        {
            int slash = source.LastIndexOf('/');
            var dir = source[..(slash + 1)];
            var found = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            using var x = Open($"{dir}_rels/{source[(slash + 1)..]}.rels", "");
            var xr = x.Xml;
            while (x.Read())
            {
                if (xr.NodeType != XmlNodeType.Element || xr.LocalName != "Relationship") continue;
                if (x.Attribute("Id") is not { } id || x.Attribute("Type") is not { } type || x.Attribute("Target") is not { } target) continue;
                if (x.Attribute("TargetMode") == "External" || found.Count == max || !keep(id, type)) continue;
                found.TryAdd(id, (type, ResolvePart(dir, target)));
            }
            return found;
        }

        /// <summary>The workbook's sheets in order: name and relationship id.</summary>
        private List<(string Name, string Id)> SheetList(string book)
        {
            var list = new List<(string, string)>();
            using var x = Open(book, "");
            var xr = x.Xml;
            while (x.Read())
            {
                if (xr.NodeType != XmlNodeType.Element || xr.LocalName != "sheet") continue;
                if (list.Count == _limits.MaxSheets)
                    throw ImportFileException.TooLarge("", 0, "", $"工作表过多：一个文件最多 {_limits.MaxSheets} 张工作表");
                if (x.Attribute("name") is { } name && x.RelationshipId() is { } id) list.Add((name, id));
            }
            return list;
        }

        private string[] SharedStrings()
        {
            if (_sharedPart is null || !_entries.ContainsKey(_sharedPart)) return [];
            var list = new List<string>();
            long chars = 0;
            var sb = new StringBuilder();
            using var x = Open(_sharedPart, "");
            var xr = x.Xml;
            while (!xr.EOF)
            {
                if (xr.NodeType != XmlNodeType.Element || xr.LocalName != "si") { x.Read(); continue; }
                if (list.Count == _limits.MaxSharedStrings)
                    throw ImportFileException.TooLarge("", 0, "", $"文件中的文字条目过多：最多 {_limits.MaxSharedStrings} 条");
                sb.Clear();
                if (!ReadRichText(x, sb, _limits.MaxCellChars)) throw CellTooLong("", 0, -1, _limits);
                chars += sb.Length;
                if (chars > _limits.MaxSharedStringChars)
                    throw ImportFileException.TooLarge("", 0, "", $"文件中的文字总量过多：最多 {_limits.MaxSharedStringChars} 个字符");
                list.Add(sb.ToString());
            }
            return [.. list];
        }

        private IEnumerable<XlsxRow> Rows(XlsxSheetRef sheet, string[] shared)
        {
            using var x = Open(sheet.Part, sheet.Name);
            var xr = x.Xml;
            var sb = new StringBuilder();
            int rowNumber = 0;
            var cells = new List<string>(16);
            while (!xr.EOF)
            {
                if (xr.NodeType != XmlNodeType.Element) { x.Read(); continue; }
                switch (xr.LocalName)
                {
                    case "row":
                        break;
                    case "worksheet" or "sheetData":
                        x.Read(); // descend
                        continue;
                    default: // sheetViews, cols, mergeCells, dataValidations, …
                        x.Skip();
                        continue;
                }
                rowNumber = ParseInt(xr.GetAttribute("r")) is int r and > 0 ? r : rowNumber + 1;
                cells.Clear();
                if (xr.IsEmptyElement) { x.Read(); continue; }
                int rowDepth = xr.Depth;
                int col = -1;
                x.Read();
                while (!xr.EOF && !(xr.NodeType == XmlNodeType.EndElement && xr.Depth == rowDepth))
                {
                    if (xr.NodeType != XmlNodeType.Element) { x.Read(); continue; }
                    if (xr.LocalName != "c") { x.Skip(); continue; }
                    col = Math.Min(ColumnIndex(xr.GetAttribute("r")) ?? col + 1, ExcelColumns);
                    string text = ReadCell(x, shared, sb, _limits.MaxCellChars) ?? throw CellTooLong(sheet.Name, rowNumber, col, _limits);
                    text = text.Trim();
                    if (text.Length == 0) continue; // empty (formatted) cells anywhere are fine
                    if (col >= _limits.MaxColumns)
                        throw ImportFileException.TooLarge(sheet.Name, rowNumber, ColumnLabel(col),
                            $"列数过多：最多 {_limits.MaxColumns} 列（到 {ColumnName(_limits.MaxColumns - 1)} 列）");
                    while (cells.Count <= col) cells.Add("");
                    cells[col] = text;
                }
                x.Read(); // past </row>
                if (cells.Count > 0) yield return new XlsxRow(rowNumber, [.. cells]);
            }
        }
    }

    /// <summary>Opens an .xlsx for reading, within <paramref name="limits"/> (default <see cref="ImportLimits.Default"/>).
    /// Throws <see cref="ImportFileException"/> (TooLarge) past a limit; InvalidDataException, XmlException or IOException on a
    /// corrupt file, also later while reading rows.</summary>
    public static Workbook Open(Stream stream, ImportLimits? limits = null)
    {
        limits ??= ImportLimits.Default;
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        CheckDirectory(stream, limits);
        var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        try { return new Workbook(zip, limits); }
        catch { zip.Dispose(); throw; }
    }

    /// <summary>
    /// Refuses a zip whose directory lists more than <see cref="ImportLimits.MaxEntries"/> entries before ZipArchive
    /// reads them all into memory: the count and size of the central directory are in its end record, within the last
    /// 64 KB. A file without one is left to ZipArchive to call corrupt.
    /// </summary>
    private static void CheckDirectory(Stream stream, ImportLimits limits)
    {
        const int EndRecord = 22;
        long start = stream.Position;
        var tail = new byte[(int)Math.Min(stream.Length - start, EndRecord + ushort.MaxValue)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        stream.ReadExactly(tail);
        stream.Position = start;
        for (int i = tail.Length - EndRecord; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != 0x06054b50) continue;
            int entries = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 10)); // 0xFFFF: a zip64 count, over any limit
            uint directoryBytes = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i + 12));
            if (entries > limits.MaxEntries || directoryBytes > limits.MaxEntries * 1024L) throw TooManyEntries(limits);
            return;
        }
    }

    private static ImportFileException TooManyEntries(ImportLimits limits) =>
        ImportFileException.TooLarge("", 0, "", $"文件中的条目过多：一个 .xlsx 最多 {limits.MaxEntries} 个");

    private static ImportFileException CellTooLong(string sheet, int row, int col, ImportLimits limits) =>
        ImportFileException.TooLarge(sheet, row, col < 0 ? "" : ColumnLabel(col), $"单元格内容过长：最多 {limits.MaxCellChars} 个字符");

    private static string ColumnLabel(int col) => col < ExcelColumns ? ColumnName(col) : "";

    /// <summary>A relationship's target as a part name: relative to the source's folder, or absolute from the package root.</summary>
    private static string ResolvePart(string dir, string target)
    {
        var t = Uri.UnescapeDataString(target).Replace('\\', '/');
        var path = t.StartsWith('/') ? t : dir + t;
        var parts = new List<string>();
        foreach (var seg in path.Split('/'))
        {
            if (seg is "" or ".") continue;
            if (seg == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else parts.Add(seg);
        }
        return string.Join('/', parts);
    }

    /// <summary>
    /// Forward-only reading of one XML part. Every element is depth-checked as it is reached — including those skipped,
    /// so there is no <see cref="XmlReader.Skip"/> (which would descend unchecked) — and text is taken in chunks
    /// (<see cref="XmlReader.ReadValueChunk"/>), never built whole before its length is known.
    /// </summary>
    /// <remarks>Each method handed the reader on an element's start tag consumes the whole element and leaves the
    /// reader on the node after it.</remarks>
    private sealed class PartReader(XmlReader xr, ImportLimits limits, string sheet) : IDisposable
    {
        private readonly char[] _chunk = new char[4096];

        public XmlReader Xml => xr;

        public bool Read()
        {
            if (!xr.Read()) return false;
            if (xr.NodeType == XmlNodeType.Element && xr.Depth > limits.MaxDepth)
                throw ImportFileException.TooLarge(sheet, 0, "", $"文件结构嵌套过深（超过 {limits.MaxDepth} 层），文件可能已损坏");
            return true;
        }

        public void Skip()
        {
            if (xr.NodeType != XmlNodeType.Element || xr.IsEmptyElement) { Read(); return; }
            int depth = xr.Depth;
            while (Read() && !(xr.NodeType == XmlNodeType.EndElement && xr.Depth == depth)) { }
            Read();
        }

        /// <summary>Appends the element's text; false (leaving the reader inside it) once it would pass <paramref name="max"/> characters.</summary>
        public bool AppendText(StringBuilder sb, int max)
        {
            if (xr.IsEmptyElement) { Read(); return true; }
            int depth = xr.Depth;
            Read();
            while (!xr.EOF && !(xr.NodeType == XmlNodeType.EndElement && xr.Depth == depth))
            {
                switch (xr.NodeType)
                {
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        int n;
                        while ((n = xr.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
                        {
                            if (sb.Length + n > max) return false;
                            sb.Append(_chunk, 0, n);
                        }
                        Read();
                        break;
                    case XmlNodeType.Element:
                        Skip();
                        break;
                    default:
                        Read();
                        break;
                }
            }
            Read(); // past the end tag
            return true;
        }

        /// <summary>An attribute we keep (a name, an id, a target), refused past <see cref="ImportLimits.MaxNameChars"/>.</summary>
        public string? Attribute(string name)
        {
            var v = xr.GetAttribute(name);
            if (v is not null && v.Length > limits.MaxNameChars)
                throw ImportFileException.TooLarge(sheet, 0, "", $"文件中的名称过长：最多 {limits.MaxNameChars} 个字符");
            return v;
        }

        /// <summary>The r:id of a &lt;sheet&gt; (any namespace: transitional or strict OOXML).</summary>
        public string? RelationshipId()
        {
            string? id = null;
            for (bool more = xr.MoveToFirstAttribute(); more; more = xr.MoveToNextAttribute())
                if (xr.LocalName == "id" && xr.NamespaceURI.Length > 0) { id = xr.Value; break; }
            xr.MoveToElement();
            if (id is not null && id.Length > limits.MaxNameChars)
                throw ImportFileException.TooLarge(sheet, 0, "", $"文件中的名称过长：最多 {limits.MaxNameChars} 个字符");
            return id;
        }

        public void Dispose() => xr.Dispose();
    }

    /// <summary>Text of an &lt;si&gt; or &lt;is&gt;: all &lt;t&gt; except those of phonetic runs (&lt;rPh&gt;); false past <paramref name="max"/>.</summary>
    private static bool ReadRichText(PartReader x, StringBuilder sb, int max)
    {
        var xr = x.Xml;
        if (xr.IsEmptyElement) { x.Read(); return true; }
        int depth = xr.Depth;
        x.Read();
        while (!xr.EOF && !(xr.NodeType == XmlNodeType.EndElement && xr.Depth == depth))
        {
            if (xr.NodeType != XmlNodeType.Element) { x.Read(); continue; }
            switch (xr.LocalName)
            {
                case "t":
                    if (!x.AppendText(sb, max)) return false;
                    break;
                case "rPh" or "phoneticPr" or "rPr":
                    x.Skip();
                    break;
                default: // <r>: descend
                    x.Read();
                    break;
            }
        }
        x.Read(); // past the end tag
        return true;
    }

    /// <summary>Text of a &lt;c&gt; cell as a person would see it (shared/inline strings, numbers, booleans); null past <paramref name="max"/>.</summary>
    private static string? ReadCell(PartReader x, string[] shared, StringBuilder sb, int max)
    {
        var xr = x.Xml;
        string? type = xr.GetAttribute("t");
        if (xr.IsEmptyElement) { x.Read(); return ""; }
        int depth = xr.Depth;
        string? value = null, inline = null;
        x.Read();
        while (!xr.EOF && !(xr.NodeType == XmlNodeType.EndElement && xr.Depth == depth))
        {
            if (xr.NodeType != XmlNodeType.Element) { x.Read(); continue; }
            switch (xr.LocalName)
            {
                case "v":
                    sb.Clear();
                    if (!x.AppendText(sb, max)) return null;
                    value = sb.ToString();
                    break;
                case "is":
                    sb.Clear();
                    if (!ReadRichText(x, sb, max)) return null;
                    inline = sb.ToString();
                    break;
                default: // <f>, <extLst>
                    x.Skip();
                    break;
            }
        }
        x.Read(); // past </c>
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

    /// <summary>"B12" → 1; null if no letters. Saturates past a million, so a hostile reference cannot overflow.</summary>
    internal static int? ColumnIndex(string? cellRef)
    {
        if (string.IsNullOrEmpty(cellRef)) return null;
        int n = 0, i = 0;
        for (; i < cellRef.Length; i++)
        {
            char c = cellRef[i];
            int d = c is >= 'A' and <= 'Z' ? c - 'A' + 1 : c is >= 'a' and <= 'z' ? c - 'a' + 1 : 0;
            if (d == 0) break;
            if (n < 1_000_000) n = n * 26 + d;
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
