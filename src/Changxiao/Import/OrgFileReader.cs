using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Changxiao.Import;

/// <summary>A column of an org import sheet.</summary>
/// <param name="Chinese">Header as written in the template (canonical; used in errors about a missing column).</param>
/// <param name="English">English alias of the header (matched case-insensitively).</param>
/// <param name="Help">Explanation shown on the template's 说明 sheet.</param>
/// <param name="Aliases">Other accepted headers (e.g. 手机号 for 手机).</param>
public sealed record OrgColumn(string Chinese, string English, bool Required, int MaxLength, string Help, params string[] Aliases)
{
    public bool IsNamed(string cleanHeader) =>
        string.Equals(cleanHeader, Chinese, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(cleanHeader, English, StringComparison.OrdinalIgnoreCase) ||
        Aliases.Any(a => string.Equals(cleanHeader, a, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One of the three sheets of an org import file.</summary>
public sealed record OrgSheet(string Chinese, string English, IReadOnlyList<OrgColumn> Columns)
{
    public bool Matches(string name) =>
        string.Equals(name.Trim(), Chinese, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(name.Trim(), English, StringComparison.OrdinalIgnoreCase);

    /// <summary>The column a header names (Chinese or English, case-insensitive; a trailing * is ignored), or null.</summary>
    public OrgColumn? Column(string header)
    {
        var h = OrgSchema.CleanHeader(header);
        foreach (var c in Columns)
            if (c.IsNamed(h)) return c;
        return null;
    }
}

/// <summary>The sheets, columns and ranks of the org import format (see <see cref="OrgFileReader"/>).</summary>
public static class OrgSchema
{
    public static readonly OrgColumn UnitCode = new("编码", "code", true, 64, "单位的唯一编码，文件内不能重复；只能包含字母、数字和 - _ . ，不超过64个字符。例如 QX-T01");
    public static readonly OrgColumn UnitName = new("名称", "name", true, 100, "单位全称，不超过100个字符。例如 青溪县财政局");
    public static readonly OrgColumn UnitKind = new("类型", "kind", true, 0, "单位类型：填类型代码（如 county、township、bureau、court、section、village、law-firm）或其中文名称（如 乡镇（街道）、县直部门），见下方类型列表");
    public static readonly OrgColumn UnitParent = new("上级编码", "parent", false, 0, "上级单位的编码（可以是本文件中的单位，也可以是系统中已有的单位）；最上级单位留空", "上级单位编码", "parent_code");

    public static readonly OrgColumn PersonCode = new("编号", "code", true, 64, "人员的唯一编号（如工号），文件内不能重复，不超过64个字符。例如 P000001", "人员编号");
    public static readonly OrgColumn PersonName = new("姓名", "name", true, 50, "姓名，不超过50个字符");
    public static readonly OrgColumn PersonUnit = new("单位编码", "unit", true, 0, "所在单位的编码；每人只属于一个单位", "unit_code");
    public static readonly OrgColumn PersonPhone = new("手机", "phone", false, 0, "11位手机号（以1开头），或座机号如 0577-88888888", "手机号", "手机号码", "联系电话", "电话", "mobile");
    public static readonly OrgColumn PersonEmail = new("邮箱", "email", false, 0, "电子邮箱，如 zhangsan@example.gov.cn", "电子邮箱", "电子邮件", "e-mail");

    public static readonly OrgColumn PostUnit = new("单位编码", "unit", true, 0, "岗位所在单位的编码", "unit_code");
    public static readonly OrgColumn PostTitle = new("岗位名称", "title", true, 100, "岗位名称，不超过100个字符。例如 局长、副局长、股长");
    public static readonly OrgColumn PostRank = new("职级", "rank", true, 0, "一把手、正职、副职、一般 四选一（也可写 top、principal、deputy、staff）");
    public static readonly OrgColumn PostHolder = new("在岗人员编号", "holder", false, 0, "在岗人员的编号；岗位空缺时留空", "在岗人员", "holder_code");

    public static readonly OrgSheet Units = new("单位", "units", [UnitCode, UnitName, UnitKind, UnitParent]);
    public static readonly OrgSheet People = new("人员", "people", [PersonCode, PersonName, PersonUnit, PersonPhone, PersonEmail]);
    public static readonly OrgSheet Posts = new("岗位", "posts", [PostUnit, PostTitle, PostRank, PostHolder]);
    public static readonly IReadOnlyList<OrgSheet> Sheets = [Units, People, Posts];

    /// <summary>Chinese rank name → rank code.</summary>
    public static readonly IReadOnlyList<(string Chinese, string Code)> Ranks =
        [("一把手", "top"), ("正职", "principal"), ("副职", "deputy"), ("一般", "staff")];

    /// <summary>The sheet named (Chinese or English, case-insensitive), or null.</summary>
    public static OrgSheet? FindSheet(string? name) =>
        name is null ? null : Sheets.FirstOrDefault(s => s.Matches(name));

    /// <summary>一把手/top → top, 正职/principal → principal, 副职/deputy → deputy, 一般/staff → staff; otherwise null.</summary>
    public static string? NormalizeRank(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        foreach (var (zh, code) in Ranks)
            if (t == zh || string.Equals(t, code, StringComparison.OrdinalIgnoreCase)) return code;
        return null;
    }

    /// <summary>The Chinese name of a rank code (top → 一把手), or the code itself.</summary>
    public static string RankChinese(string code)
    {
        foreach (var (zh, c) in Ranks)
            if (c == code) return zh;
        return code;
    }

    internal static string CleanHeader(string header)
    {
        var h = header.Trim();
        while (h.Length > 0 && (h[^1] == '*' || h[^1] == '＊')) h = h[..^1].TrimEnd();
        return h;
    }
}

/// <summary>
/// Reads an org import file (.xlsx or .csv) into an <see cref="OrgFile"/>, checking everything that can be
/// checked within the file itself and reporting ALL problems at once.
/// </summary>
/// <remarks>
/// <para><b>Format.</b> An <c>.xlsx</c> workbook has up to three sheets, named <c>单位</c>, <c>人员</c> and <c>岗位</c>
/// (or <c>units</c>, <c>people</c>, <c>posts</c>; case-insensitive). Other sheets (e.g. the template's <c>说明</c>) are ignored.
/// In each sheet the first non-empty row (normally row 1) is the header; headers are matched by their Chinese or
/// English name in any order (case-insensitive; a trailing <c>*</c> is ignored; a few aliases such as 手机号/联系电话 for 手机,
/// 电子邮箱 for 邮箱, 上级单位编码 for 上级编码 are accepted, see <see cref="OrgSchema"/>); a column whose header is not known is an error.</para>
/// <list type="table">
/// <listheader><term>Sheet</term><description>Columns</description></listheader>
/// <item><term>单位 / units</term><description>
///   编码/code — required, unique in the file (case-insensitive), ≤ 64 chars of letters, digits, <c>- _ .</c>;
///   名称/name — required, ≤ 100; 类型/kind — required, a kind code such as <c>county</c> or its Chinese title
///   (passed through trimmed; the importer resolves it); 上级编码/parent — optional, the parent unit's code (in this file or already in the system).</description></item>
/// <item><term>人员 / people</term><description>
///   编号/code — required, unique in the file, ≤ 64; 姓名/name — required, ≤ 50; 单位编码/unit — required;
///   手机/phone — optional, 11 digits starting with 1, or a landline such as <c>0577-88888888</c> (optionally <c>-分机</c>);
///   邮箱/email — optional, must look like an email.</description></item>
/// <item><term>岗位 / posts</term><description>
///   单位编码/unit — required; 岗位名称/title — required, ≤ 100; 职级/rank — required, one of 一把手, 正职, 副职, 一般
///   (or top, principal, deputy, staff), normalised to the English code; 在岗人员编号/holder — optional (empty = vacant).</description></item>
/// </list>
/// <para>A <c>.csv</c> file (UTF-8 with or without BOM, UTF-16 with BOM, or GB18030/GBK as saved by Chinese Excel;
/// comma-separated, or tab-separated when the header has tabs and no commas) holds ONE table; which one is decided by its
/// header row (the sheet whose columns the headers name), or by <c>sheetHint</c> (单位/人员/岗位 or units/people/posts)
/// when given. For an .xlsx without any of the named sheets, <c>sheetHint</c> (or, for a one-sheet workbook, the header row)
/// says what its first sheet is.</para>
/// <para><b>Cells</b> are trimmed; numbers in xlsx cells read as the text a person sees (<c>13800138000</c>, <c>1001</c>);
/// shared and inline strings are supported; rows with no content are skipped. Optional empty cells become <c>null</c>.</para>
/// <para><b>Errors</b> are collected for the whole file and thrown together as <see cref="ImportFileException"/>;
/// each is an <see cref="ImportError"/>(sheet = 单位/人员/岗位, row = the spreadsheet's 1-based row number, header = 1,
/// column = the header as written in the file, message in Chinese), e.g. <c>必填项为空</c>, <c>编码重复（与第3行相同）</c>,
/// <c>手机号格式不正确：12345</c>, <c>未知的职级：科长</c>, <c>不认识的列：备注</c>, <c>缺少必填列：编码</c>.
/// A problem with the file as a whole (not .xlsx/.csv, corrupt, empty, no recognisable sheet) is a single error with
/// row 0 and an empty sheet and column. References between rows (parent, unit, holder) are NOT checked here: they may
/// point at data already in the system, so the importer checks them. Only the first <see cref="ImportFileException.MaxReported"/>
/// errors are kept (with the count of all), and values from the file are quoted clipped to <see cref="ImportError.MaxQuoted"/> characters.</para>
/// <para><b>Limits.</b> Both formats are read as a stream within <see cref="ImportLimits"/> (cell length, columns, rows, and for
/// .xlsx the inflated size, entries, sheets, XML depth, shared strings); the first limit crossed stops the read with an
/// <see cref="ImportFileException"/> that <see cref="ImportFileException.IsTooLarge"/>.</para>
/// </remarks>
public static partial class OrgFileReader
{
    static OrgFileReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Reads an .xlsx or .csv (decided by <paramref name="fileName"/>'s extension).</summary>
    /// <param name="limits">Bounds on the file (default <see cref="ImportLimits.Default"/>).</param>
    /// <exception cref="ImportFileException">The file has one or more problems (the first 100 of them in
    /// <see cref="ImportFileException.Errors"/>), or crosses a limit.</exception>
    public static OrgFile Read(Stream stream, string fileName, string? sheetHint = null, ImportLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= ImportLimits.Default;
        var ext = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        OrgSheet? hint = null;
        if (!string.IsNullOrWhiteSpace(sheetHint))
            hint = OrgSchema.FindSheet(sheetHint) ?? throw FileError($"未知的表名：{Q(sheetHint.Trim())}（应为 单位、人员 或 岗位）");

        return ext switch
        {
            ".xlsx" or ".xlsm" => ReadXlsx(stream, hint, limits),
            ".csv" or ".txt" => ReadCsv(stream, hint, limits),
            ".xls" => throw FileError("不支持旧版 Excel (.xls) 文件，请在 Excel 中“另存为” .xlsx 后再导入"),
            "" => throw FileError("无法识别文件类型：文件名没有扩展名，请上传 .xlsx 或 .csv 文件"),
            _ => throw FileError($"不支持的文件类型“{Q(ext)}”，请上传 .xlsx 或 .csv 文件"),
        };
    }

    /// <summary>Buffers the stream asynchronously (e.g. an upload), then reads it like <see cref="Read"/>.</summary>
    public static async Task<OrgFile> ReadAsync(Stream stream, string fileName, string? sheetHint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream is MemoryStream { CanSeek: true } ms) return Read(ms, fileName, sheetHint);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return Read(buffer, fileName, sheetHint);
    }

    private static ImportFileException FileError(string message) => new([new ImportError("", 0, "", message)]);

    /// <summary>A value from the file as an error quotes it (clipped, see <see cref="ImportError.Clip"/>).</summary>
    private static string Q(string value) => ImportError.Clip(value);

    // ------------------------------------------------------------------ xlsx

    private static OrgFile ReadXlsx(Stream stream, OrgSheet? hint, ImportLimits limits)
    {
        Xlsx.Workbook wb;
        try { wb = Xlsx.Open(stream, limits); }
        catch (Exception e) when (e is not ImportFileException and not OutOfMemoryException)
        {
            throw FileError("文件无法作为 Excel (.xlsx) 打开：可能已损坏、已加密，或并不是 xlsx 格式");
        }
        using (wb)
        {
            try { return ReadWorkbook(wb, hint, limits); }
            catch (Exception e) when (e is System.Xml.XmlException or InvalidDataException or IOException)
            {
                throw FileError("文件无法作为 Excel (.xlsx) 读取：内容已损坏");
            }
        }
    }

    private static OrgFile ReadWorkbook(Xlsx.Workbook wb, OrgSheet? hint, ImportLimits limits)
    {
        var errors = new ImportErrorList();
        var found = new Dictionary<OrgSheet, XlsxSheetRef>();
        foreach (var sheet in wb.Sheets)
        {
            if (OrgSchema.FindSheet(sheet.Name) is not { } def) continue;
            if (found.TryGetValue(def, out var first))
                errors.Add(new ImportError(def.Chinese, 0, "", $"工作表重复：“{Q(first.Name)}”与“{Q(sheet.Name)}”是同一张表"));
            else
                found[def] = sheet;
        }
        if (errors.Count > 0) throw ImportFileException.Of(errors);

        var result = new Builder(limits);
        if (found.Count == 0)
        {
            if (wb.Sheets.Count == 0)
                throw FileError("工作簿中没有工作表");
            if (hint is null && wb.Sheets.Count > 1)
                throw FileError("未找到名为 单位、人员 或 岗位（units、people、posts）的工作表");
            // One unnamed sheet (or a hint): like a CSV, the hint or the header row decides.
            ReadTable(wb.ReadRows(wb.Sheets[0]), hint, Xlsx.ColumnName, result, errors);
        }
        else
        {
            foreach (var def in OrgSchema.Sheets)
                if (found.TryGetValue(def, out var sheet))
                    ReadTable(wb.ReadRows(sheet), def, Xlsx.ColumnName, result, errors);
        }
        if (errors.Count > 0) throw ImportFileException.Of(errors);
        return result.Build();
    }

    // ------------------------------------------------------------------ csv

    private static OrgFile ReadCsv(Stream stream, OrgSheet? hint, ImportLimits limits)
    {
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        var encoding = DetectEncoding(stream);
        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var csv = new CsvRows(text, limits);
        var errors = new ImportErrorList();
        var result = new Builder(limits);
        ReadTable(csv.Read(), hint, i => $"第{i + 1}列", result, errors);
        if (!csv.SawText) throw FileError("文件为空");
        if (errors.Count > 0) throw ImportFileException.Of(errors);
        return result.Build();
    }

    /// <summary>UTF-8 / UTF-16 by their BOM (the stream is left after it); without one, UTF-8 if every byte decodes as
    /// UTF-8, else GB18030 (as Chinese Excel saves). Looks at the bytes in chunks, without holding the file.</summary>
    private static Encoding DetectEncoding(Stream stream)
    {
        long start = stream.Position;
        Span<byte> bom = stackalloc byte[3];
        int n = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        bom = bom[..n];
        if (bom.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) { stream.Position = start + 3; return Encoding.UTF8; }
        if (bom.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) { stream.Position = start + 2; return Encoding.Unicode; }
        if (bom.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) { stream.Position = start + 2; return Encoding.BigEndianUnicode; }
        stream.Position = start;

        const int Chunk = 64 * 1024;
        var bytes = ArrayPool<byte>.Shared.Rent(Chunk + 4);
        var chars = ArrayPool<char>.Shared.Rent(Chunk + 4);
        try
        {
            int carry = 0; // an incomplete character at the end of the last chunk
            while (true)
            {
                int read = stream.Read(bytes, carry, Chunk);
                int length = carry + read;
                var status = Utf8.ToUtf16(bytes.AsSpan(0, length), chars, out int used, out _, replaceInvalidSequences: false, isFinalBlock: read == 0);
                if (status == OperationStatus.InvalidData || (read == 0 && status != OperationStatus.Done))
                    return Encoding.GetEncoding("GB18030");
                if (read == 0) return new UTF8Encoding(false);
                carry = length - used;
                bytes.AsSpan(used, carry).CopyTo(bytes);
            }
        }
        finally
        {
            stream.Position = start;
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// RFC 4180 records — quoted fields, doubled quotes, line breaks inside quotes; CR, LF or CRLF — read as they come:
    /// one record is one row (as Excel shows the file), blank lines included in the numbering. A cell longer than
    /// <see cref="ImportLimits.MaxCellChars"/> or a non-empty field past <see cref="ImportLimits.MaxColumns"/> stops the
    /// read, so a 60 MB line costs no more than a cell. The delimiter is a comma, or a tab (then a semicolon) when the
    /// first line has one and no comma.
    /// </summary>
    private sealed class CsvRows(TextReader text, ImportLimits limits)
    {
        private readonly char[] _buf = new char[64 * 1024];
        private int _pos, _len;
        private char _delimiter;

        /// <summary>Whether the file holds anything but white space (else it is 文件为空).</summary>
        public bool SawText { get; private set; }

        private bool More()
        {
            if (_pos < _len) return true;
            _pos = 0;
            _len = text.Read(_buf, 0, _buf.Length);
            return _len > 0;
        }

        public IEnumerable<XlsxRow> Read()
        {
            _len = text.ReadBlock(_buf, 0, _buf.Length);
            var start = _buf.AsSpan(0, _len);
            int eol = start.IndexOfAny('\r', '\n');
            var first = eol < 0 ? start : start[..eol];
            _delimiter = first.Contains(',') ? ',' : first.Contains('\t') ? '\t' : first.Contains(';') ? ';' : ',';

            var fields = new List<string>();
            var field = new StringBuilder();
            int row = 0;
            while (More())
            {
                row++;
                fields.Clear();
                int column = 0;
                bool more = true;
                while (more)
                {
                    field.Clear();
                    if (_buf[_pos] == '"')
                    {
                        _pos++;
                        SawText = true;
                        Quoted(field, row, column);
                    }
                    more = Plain(field, row, column); // what follows a closing quote is kept as it is
                    var value = field.ToString().Trim();
                    if (column < limits.MaxColumns) fields.Add(value);
                    else if (value.Length > 0)
                        throw ImportFileException.TooLarge("", row, $"第{column + 1}列", $"列数过多：最多 {limits.MaxColumns} 列");
                    column++;
                    if (more && !More()) { if (column < limits.MaxColumns) fields.Add(""); more = false; } // "a,b," at the very end
                }
                if (fields.Exists(f => f.Length > 0)) yield return new XlsxRow(row, [.. fields]);
            }
        }

        /// <summary>A quoted field's content after its opening quote, up to and past the closing one.</summary>
        private void Quoted(StringBuilder field, int row, int column)
        {
            while (More())
            {
                var span = _buf.AsSpan(_pos, _len - _pos);
                int q = span.IndexOf('"');
                Append(field, q < 0 ? span : span[..q], row, column);
                if (q < 0) { _pos = _len; continue; }
                _pos += q + 1;
                if (More() && _buf[_pos] == '"') { Append(field, "\"", row, column); _pos++; continue; }
                return;
            }
        }

        /// <summary>Unquoted text up to the delimiter (true: another field follows) or the end of the line or file (false).</summary>
        private bool Plain(StringBuilder field, int row, int column)
        {
            while (More())
            {
                var span = _buf.AsSpan(_pos, _len - _pos);
                int stop = span.IndexOfAny(_delimiter, '\r', '\n');
                Append(field, stop < 0 ? span : span[..stop], row, column);
                if (stop < 0) { _pos = _len; continue; }
                char c = span[stop];
                _pos += stop + 1;
                if (c == _delimiter) { SawText = true; return true; }
                if (c == '\r' && More() && _buf[_pos] == '\n') _pos++;
                return false;
            }
            return false;
        }

        private void Append(StringBuilder field, ReadOnlySpan<char> part, int row, int column)
        {
            if (field.Length + part.Length > limits.MaxCellChars)
                throw ImportFileException.TooLarge("", row, $"第{column + 1}列", $"单元格内容过长：最多 {limits.MaxCellChars} 个字符");
            if (!SawText && !part.IsWhiteSpace()) SawText = true;
            field.Append(part);
        }
    }

    // ------------------------------------------------------------------ tables

    private sealed class Builder(ImportLimits limits)
    {
        private int _rows;
        public readonly List<UnitRow> Units = [];
        public readonly List<PersonRow> People = [];
        public readonly List<PostRow> Posts = [];
        public OrgFile Build() => new(Units, People, Posts);

        /// <summary>Counts a row read (headers too) against <see cref="ImportLimits.MaxRows"/>.</summary>
        public void Count(string sheet, XlsxRow row)
        {
            if (++_rows > limits.MaxRows)
                throw ImportFileException.TooLarge(sheet, row.Number, "", $"行数过多：一个文件最多 {limits.MaxRows} 行");
        }
    }

    /// <summary>Header row → which sheet (unless <paramref name="def"/> is given) and which column is which; then the rows.</summary>
    private static void ReadTable(IEnumerable<XlsxRow> rows, OrgSheet? def, Func<int, string> columnLabel, Builder result, ImportErrorList errors)
    {
        using var e = rows.GetEnumerator();
        if (!e.MoveNext())
        {
            if (def is null) errors.Add(new ImportError("", 0, "", "表格是空的：没有表头行"));
            return; // a named sheet with nothing in it: no rows
        }
        var header = e.Current;
        result.Count(def?.Chinese ?? "", header);
        def ??= DetectSheet(header.Cells);
        if (def is null)
        {
            errors.Add(new ImportError("", header.Number, "",
                $"无法根据表头判断是哪张表（单位、人员 或 岗位）：{Q(string.Join("、", header.Cells.Where(c => c.Length > 0)))}"));
            return;
        }
        string sheet = def.Chinese;

        // Map columns.
        var map = new OrgColumn?[header.Cells.Length];
        var headerText = new Dictionary<OrgColumn, string>();
        var columnIndex = new Dictionary<OrgColumn, int>();
        for (int i = 0; i < header.Cells.Length; i++)
        {
            var h = header.Cells[i];
            if (h.Length == 0) continue;
            var col = def.Column(h);
            if (col is null) { errors.Add(new ImportError(sheet, header.Number, h, $"不认识的列：{Q(h)}")); continue; }
            if (headerText.TryGetValue(col, out var earlier))
            {
                errors.Add(new ImportError(sheet, header.Number, h, $"列重复：“{Q(h)}”与“{Q(earlier)}”是同一列"));
                continue;
            }
            map[i] = col;
            headerText[col] = h;
            columnIndex[col] = i;
        }
        var missing = new HashSet<OrgColumn>();
        foreach (var col in def.Columns)
            if (col.Required && !headerText.ContainsKey(col))
            {
                missing.Add(col);
                errors.Add(new ImportError(sheet, header.Number, col.Chinese, $"缺少必填列：{col.Chinese}"));
            }

        var ctx = new RowContext(sheet, headerText, columnIndex, missing, errors);
        var headerless = new SortedSet<int>();
        var firstRow = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (e.MoveNext())
        {
            var row = e.Current;
            result.Count(sheet, row);
            for (int i = header.Cells.Length; i < row.Cells.Length; i++)
                if (row.Cells[i].Length > 0) headerless.Add(i);
            for (int i = 0; i < Math.Min(header.Cells.Length, row.Cells.Length); i++)
                if (header.Cells[i].Length == 0 && row.Cells[i].Length > 0) headerless.Add(i);
            ctx.Row = row;
            if (ReferenceEquals(def, OrgSchema.Units)) ReadUnit(ctx, firstRow, result.Units);
            else if (ReferenceEquals(def, OrgSchema.People)) ReadPerson(ctx, firstRow, result.People);
            else ReadPost(ctx, result.Posts);
        }
        foreach (var i in headerless)
            errors.Add(new ImportError(sheet, header.Number, columnLabel(i), $"{columnLabel(i)}有内容但没有列名"));
    }

    /// <summary>The sheet all of whose columns the headers name (preferring one whose required columns are all there).</summary>
    private static OrgSheet? DetectSheet(string[] headers)
    {
        var named = headers.Where(h => h.Length > 0).ToList();
        if (named.Count == 0) return null;
        var scored = OrgSchema.Sheets
            .Select(s => (Sheet: s,
                Known: named.Count(h => s.Column(h) is not null),
                Complete: s.Columns.Where(c => c.Required).All(c => named.Any(h => s.Column(h) == c))))
            .Where(x => x.Known > 0)
            .OrderByDescending(x => x.Known == named.Count)
            .ThenByDescending(x => x.Complete)
            .ThenByDescending(x => x.Known)
            .ToList();
        if (scored.Count == 0) return null;
        if (scored.Count > 1)
        {
            var (a, b) = (scored[0], scored[1]);
            if ((a.Known == named.Count) == (b.Known == named.Count) && a.Complete == b.Complete && a.Known == b.Known) return null; // ambiguous
        }
        return scored[0].Sheet;
    }

    private sealed class RowContext(string sheet, Dictionary<OrgColumn, string> headers, Dictionary<OrgColumn, int> index,
        HashSet<OrgColumn> missing, ImportErrorList errors)
    {
        public XlsxRow Row;
        public string Sheet => sheet;

        private string Get(OrgColumn col) =>
            index.TryGetValue(col, out var i) && i < Row.Cells.Length ? Row.Cells[i] : "";

        public void Error(OrgColumn col, string message) =>
            errors.Add(new ImportError(sheet, Row.Number, headers.TryGetValue(col, out var h) ? h : col.Chinese, message));

        /// <summary>Required: value or null (after reporting 必填项为空 / too long).</summary>
        public string? Required(OrgColumn col)
        {
            var v = Get(col);
            if (v.Length == 0)
            {
                if (!missing.Contains(col)) Error(col, "必填项为空");
                return null;
            }
            return CheckLength(col, v) ? v : null;
        }

        /// <summary>Optional: value, or null when empty or too long (reported).</summary>
        public string? Optional(OrgColumn col)
        {
            var v = Get(col);
            if (v.Length == 0) return null;
            return CheckLength(col, v) ? v : null;
        }

        private bool CheckLength(OrgColumn col, string v)
        {
            if (col.MaxLength > 0 && v.Length > col.MaxLength)
            {
                Error(col, $"超过长度上限（最多{col.MaxLength}个字符，实际{v.Length}个）");
                return false;
            }
            return true;
        }

        /// <summary>Reports a duplicate code; true when the code is new.</summary>
        public bool Unique(OrgColumn col, string code, Dictionary<string, int> firstRow, string what)
        {
            if (firstRow.TryGetValue(code, out var first))
            {
                Error(col, $"{what}重复（与第{first}行相同）");
                return false;
            }
            firstRow[code] = Row.Number;
            return true;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$")]
    private static partial Regex UnitCodeRegex();

    [GeneratedRegex(@"^1\d{10}$")]
    private static partial Regex MobileRegex();

    [GeneratedRegex(@"^0\d{2,3}-\d{7,8}(-\d{1,6})?$")]
    private static partial Regex LandlineRegex();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]+$")]
    private static partial Regex EmailRegex();

    /// <summary>True for an 11-digit mobile number starting with 1, or a landline like 0577-88888888[-123].</summary>
    public static bool IsValidPhone(string phone) => MobileRegex().IsMatch(phone) || LandlineRegex().IsMatch(phone);

    /// <summary>True when the text looks like an email address (x@y.z).</summary>
    public static bool IsValidEmail(string email) => email.Length <= 254 && EmailRegex().IsMatch(email);

    /// <summary>True for a unit code: 1–64 letters, digits, - _ .</summary>
    public static bool IsValidUnitCode(string code) => code.Length <= 64 && UnitCodeRegex().IsMatch(code);

    private static void ReadUnit(RowContext c, Dictionary<string, int> firstRow, List<UnitRow> units)
    {
        var code = c.Required(OrgSchema.UnitCode);
        if (code is not null && !UnitCodeRegex().IsMatch(code))
        {
            c.Error(OrgSchema.UnitCode, $"编码只能包含字母、数字和 - _ . ：{Q(code)}");
            code = null;
        }
        if (code is not null && !c.Unique(OrgSchema.UnitCode, code, firstRow, "编码")) code = null;
        var name = c.Required(OrgSchema.UnitName);
        var kind = c.Required(OrgSchema.UnitKind);
        var parent = c.Optional(OrgSchema.UnitParent);
        if (parent is not null && code is not null && string.Equals(parent, code, StringComparison.OrdinalIgnoreCase))
        {
            c.Error(OrgSchema.UnitParent, "上级编码不能是本单位自己的编码");
            parent = null;
        }
        if (code is not null && name is not null && kind is not null)
            units.Add(new UnitRow(c.Row.Number, code, name, kind, parent));
    }

    private static void ReadPerson(RowContext c, Dictionary<string, int> firstRow, List<PersonRow> people)
    {
        var code = c.Required(OrgSchema.PersonCode);
        if (code is not null && !c.Unique(OrgSchema.PersonCode, code, firstRow, "编号")) code = null;
        var name = c.Required(OrgSchema.PersonName);
        var unit = c.Required(OrgSchema.PersonUnit);
        var phone = c.Optional(OrgSchema.PersonPhone);
        if (phone is not null && !IsValidPhone(phone))
        {
            c.Error(OrgSchema.PersonPhone, $"手机号格式不正确：{Q(phone)}");
            phone = null;
        }
        var email = c.Optional(OrgSchema.PersonEmail);
        if (email is not null && !IsValidEmail(email))
        {
            c.Error(OrgSchema.PersonEmail, $"邮箱格式不正确：{Q(email)}");
            email = null;
        }
        if (code is not null && name is not null && unit is not null)
            people.Add(new PersonRow(c.Row.Number, code, name, unit, phone, email));
    }

    private static void ReadPost(RowContext c, List<PostRow> posts)
    {
        var unit = c.Required(OrgSchema.PostUnit);
        var title = c.Required(OrgSchema.PostTitle);
        var rankText = c.Required(OrgSchema.PostRank);
        string? rank = null;
        if (rankText is not null && (rank = OrgSchema.NormalizeRank(rankText)) is null)
            c.Error(OrgSchema.PostRank, $"未知的职级：{Q(rankText)}");
        var holder = c.Optional(OrgSchema.PostHolder);
        if (unit is not null && title is not null && rank is not null)
            posts.Add(new PostRow(c.Row.Number, unit, title, rank, holder));
    }
}
