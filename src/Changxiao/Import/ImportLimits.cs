using System.IO.Compression;

namespace Changxiao.Import;

/// <summary>
/// What an import file may hold, checked while it is read so that a hostile file costs its sender, not the server
/// (docs/decisions/0012-import-limits.md). The defaults pass the largest real file with room: a county of 100,000 people
/// is a 4 MB .xlsx of 38 MB XML (largest part 24 MB), 122,594 rows, 259,091 shared strings of 2.7 million characters.
/// A limit hit is an <see cref="ImportFileException"/> with <see cref="ImportFileException.TooLarge"/> set (HTTP 413).
/// </summary>
public sealed record ImportLimits
{
    public static readonly ImportLimits Default = new();

    /// <summary>Entries in the zip (an .xlsx has about ten, plus a few per sheet or picture).</summary>
    public int MaxEntries { get; init; } = 1_000;

    /// <summary>One zip entry inflated — its declared size and the bytes actually inflated.</summary>
    public long MaxEntryBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>All entries read, inflated.</summary>
    public long MaxTotalBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Sheets listed by the workbook.</summary>
    public int MaxSheets { get; init; } = 100;

    /// <summary>Nesting of XML elements (a worksheet needs about 7).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Characters between two '&lt;' of an XML part, or in one CDATA section: the most XmlReader holds in memory for one
    /// tag with its attributes. A full cell, even written as character references, is a third of it.</summary>
    public int MaxTokenChars { get; init; } = 1024 * 1024;

    /// <summary>Characters in one cell: Excel's own limit, so no file Excel writes is refused for it.</summary>
    public int MaxCellChars { get; init; } = 32_767;

    /// <summary>Columns of a row (the widest sheet has 5; anything past IV is not an org file).</summary>
    public int MaxColumns { get; init; } = 256;

    /// <summary>Non-empty rows in the whole file, headers included.</summary>
    public int MaxRows { get; init; } = 250_000;

    /// <summary>Entries of the shared string table.</summary>
    public int MaxSharedStrings { get; init; } = 1_000_000;

    /// <summary>Characters of all shared strings together.</summary>
    public long MaxSharedStringChars { get; init; } = 16L * 1024 * 1024;

    /// <summary>Characters of a sheet name or a part name (Excel allows 31 for a sheet).</summary>
    public int MaxNameChars { get; init; } = 255;

    internal static string Mb(long bytes) => $"{bytes / (1024 * 1024)} MB";
}

/// <summary>Inflated bytes left for one file (<see cref="ImportLimits.MaxTotalBytes"/>).</summary>
internal sealed class InflateBudget(long max)
{
    public long Max => max;
    public long Used { get; private set; }
    public long Left => max - Used;

    public void Take(int n)
    {
        Used += n;
        if (Used > max) throw ImportFileException.TooLarge("", 0, "", $"文件解压后超过 {ImportLimits.Mb(max)}");
    }
}

/// <summary>
/// A zip entry's inflated bytes, counted as they come: never more than the entry declared, nor than one entry or the
/// whole file may inflate to. The declared size is checked before the first byte (<see cref="Open"/>) and the actual
/// count on every read, since a zip can declare anything.
/// </summary>
internal sealed class BoundedEntryStream : Stream
{
    private readonly Stream _inner;
    private readonly long _declared;
    private readonly InflateBudget _budget;
    private readonly string _sheet;
    private long _count;

    private BoundedEntryStream(Stream inner, long declared, InflateBudget budget, string sheet)
    {
        _inner = inner;
        _declared = declared;
        _budget = budget;
        _sheet = sheet;
    }

    /// <param name="sheet">The sheet the entry holds, for the error ("" for other parts).</param>
    public static Stream Open(ZipArchiveEntry entry, ImportLimits limits, InflateBudget budget, string sheet)
    {
        if (entry.Length > limits.MaxEntryBytes)
            throw ImportFileException.TooLarge(sheet, 0, "", $"文件中有一部分解压后超过 {ImportLimits.Mb(limits.MaxEntryBytes)}");
        if (entry.Length > budget.Left)
            throw ImportFileException.TooLarge("", 0, "", $"文件解压后超过 {ImportLimits.Mb(budget.Max)}");
        return new BoundedEntryStream(entry.Open(), entry.Length, budget, sheet);
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

    private int Count(int n)
    {
        _count += n;
        if (_count > _declared)
            throw new ImportFileException([new ImportError(_sheet, 0, "", "文件已损坏：解压出的内容比文件声明的多")]);
        _budget.Take(n);
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _count; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>
/// The text of an XML part, refused once a single token grows past <see cref="ImportLimits.MaxTokenChars"/>. XmlReader
/// streams text (read in chunks), comments and processing instructions, but holds a whole tag with its attributes and a
/// whole CDATA section in its buffer; text cannot hold a '&lt;' and a tag or attribute neither, so the characters since the
/// last '&lt;' bound all of them — except a CDATA section, which may hold '&lt;' and is counted from its start to its "]]&gt;".
/// </summary>
internal sealed class TokenBoundedReader(TextReader inner, int maxToken, string sheet) : TextReader
{
    private const string CdataOpen = "<![CDATA[";
    private long _run;      // characters since the last '<' (or since the CDATA section opened)
    private int _open;      // characters of "<![CDATA[" matched so far (0 = none)
    private bool _inCdata;
    private int _brackets;  // consecutive ']' inside a CDATA section

    public override int Read(char[] buffer, int index, int count) => Scan(buffer.AsSpan(index, inner.Read(buffer, index, count)));

    public override int Read(Span<char> buffer) => Scan(buffer[..inner.Read(buffer)]);

    public override int Read()
    {
        int c = inner.Read();
        if (c >= 0) Scan([(char)c]);
        return c;
    }

    public override int Peek() => inner.Peek();

    private int Scan(ReadOnlySpan<char> s)
    {
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (_inCdata)
            {
                if (c == '>' && _brackets >= 2) { _inCdata = false; _run = 0; }
                else { _brackets = c == ']' ? _brackets + 1 : 0; Grow(1); }
                i++;
                continue;
            }
            if (_open > 0)
            {
                if (c == CdataOpen[_open])
                {
                    if (++_open == CdataOpen.Length) { _inCdata = true; _open = 0; _brackets = 0; }
                    Grow(1);
                    i++;
                    continue;
                }
                _open = 0; // an ordinary tag: c is looked at below
            }
            int lt = s[i..].IndexOf('<');
            if (lt < 0)
            {
                Grow(s.Length - i);
                break;
            }
            Grow(lt);
            _run = 1;
            _open = 1;
            i += lt + 1;
        }
        return s.Length;
    }

    private void Grow(int n)
    {
        _run += n;
        if (_run > maxToken)
            throw ImportFileException.TooLarge(sheet, 0, "", $"文件中有一段连续内容超过 {maxToken} 个字符，文件可能已损坏");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
