using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Changxiao.Tests.Import;

/// <summary>
/// Hostile import files, written on the fly with System.IO.Compression: a few hundred KB that inflate to hundreds of
/// MB, nest a million deep, or list more than any limit allows. Each is built once per test run.
/// </summary>
internal static class Bombs
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public const int Huge = 100_000_000; // characters: under the 128 MB entry limit, so the reader has to stream it

    private static readonly Dictionary<string, Lazy<byte[]>> Built = new()
    {
        // One shared string of 100 million characters, the whole table honestly declared.
        ["shared-string"] = new(() => Workbook(("人员", Sheet(Row(1, "编号", "姓名", "单位编码"), "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c></row>")),
            shared: s => { Write(s, $"<sst xmlns=\"{Main}\"><si><t>"); Repeat(s, "a", Huge); Write(s, "</t></si></sst>"); })),
        // The issue's file: 300 million characters in one shared string — over the entry limit by its declared size.
        ["shared-string-300m"] = new(() => Workbook(("人员", Sheet(Row(1, "编号", "姓名", "单位编码"))),
            shared: s => { Write(s, $"<sst xmlns=\"{Main}\"><si><t>"); Repeat(s, "a", 300_000_000); Write(s, "</t></si></sst>"); })),
        // One inline string of 100 million characters in 人员!B2.
        ["inline-string"] = new(() => Workbook(("人员", s =>
        {
            Write(s, $"<worksheet xmlns=\"{Main}\"><sheetData>{Row(1, "编号", "姓名", "单位编码")}<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>P1</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>");
            Repeat(s, "张", Huge / 3);
            Write(s, "</t></is></c></row></sheetData></worksheet>");
        }))),
        // A workbook listing 100,000 sheets.
        ["many-sheets"] = new(() => Workbook(("人员", Sheet(Row(1, "编号", "姓名", "单位编码"))), listed: 100_000)),
        // 20,000 entries in the zip beside a valid workbook.
        ["many-entries"] = new(() => Workbook(("单位", Sheet(Row(1, "编码", "名称", "类型"), Row(2, "QX", "青溪县", "county"))), extraEntries: 20_000)),
        // A million nested elements in a part the reader skips.
        ["deep-xml"] = new(() => Workbook(("人员", s =>
        {
            Write(s, $"<worksheet xmlns=\"{Main}\"><sheetViews>");
            Repeat(s, "<a>", 1_000_000);
            Repeat(s, "</a>", 1_000_000);
            Write(s, $"</sheetViews><sheetData>{Row(1, "编号", "姓名", "单位编码")}</sheetData></worksheet>");
        }))),
        // A start tag with an attribute of 100 million characters.
        ["huge-attribute"] = new(() => Workbook(("人员", s =>
        {
            Write(s, $"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\" x=\"");
            Repeat(s, "a", Huge);
            Write(s, "\"/></sheetData></worksheet>");
        }))),
        // A CDATA section of 100 million characters, '<' included, in a part the reader skips.
        ["huge-cdata"] = new(() => Workbook(("人员", s =>
        {
            Write(s, $"<worksheet xmlns=\"{Main}\"><sheetViews><![CDATA[");
            Repeat(s, "<a>", Huge / 3);
            Write(s, $"]]></sheetViews><sheetData>{Row(1, "编号", "姓名", "单位编码")}</sheetData></worksheet>");
        }))),
        // The sheet declares 1,000 bytes and inflates to 100 MB.
        ["declared-smaller"] = new(() => Declare(Workbook(("人员", s =>
        {
            Write(s, $"<worksheet xmlns=\"{Main}\"><sheetData>{Row(1, "编号", "姓名", "单位编码")}<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>");
            Repeat(s, "a", Huge);
            Write(s, "</t></is></c></row></sheetData></worksheet>");
        })), "xl/worksheets/sheet1.xml", 1_000)),
        // A small valid sheet that declares 4 GB.
        ["declared-larger"] = new(() => Declare(Workbook(("单位", Sheet(Row(1, "编码", "名称", "类型"), Row(2, "QX", "青溪县", "county")))),
            "xl/worksheets/sheet1.xml", uint.MaxValue - 1)),
    };

    public static byte[] Get(string name) => Built[name].Value;

    public static MemoryStream Open(string name) => new(Get(name), writable: false);

    // ------------------------------------------------------------------ parts

    public static string Row(int r, params string[] cells) =>
        $"<row r=\"{r}\">" + string.Concat(cells.Select((c, i) => $"<c r=\"{(char)('A' + i)}{r}\" t=\"inlineStr\"><is><t>{c}</t></is></c>")) + "</row>";

    public static Action<Stream> Sheet(params string[] rows) =>
        s => Write(s, $"<worksheet xmlns=\"{Main}\"><sheetData>{string.Concat(rows)}</sheetData></worksheet>");

    /// <summary>A workbook whose sheets are written by the given writers; <paramref name="listed"/> more sheet entries in
    /// workbook.xml (all pointing at the first sheet); <paramref name="extraEntries"/> more (empty) zip entries.</summary>
    public static byte[] Workbook((string Name, Action<Stream> Write) sheet, Action<Stream>? shared = null, int listed = 0, int extraEntries = 0) =>
        Workbook([sheet], shared, listed, extraEntries);

    public static byte[] Workbook((string Name, Action<Stream> Write)[] sheets, Action<Stream>? shared = null, int listed = 0, int extraEntries = 0)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", s => Write(s,
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"));
            Entry(zip, "_rels/.rels", s => Write(s,
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                $"<Relationship Id=\"rId1\" Type=\"{Rels}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            Entry(zip, "xl/workbook.xml", s =>
            {
                Write(s, $"<workbook xmlns=\"{Main}\" xmlns:r=\"{Rels}\"><sheets>");
                for (int i = 0; i < sheets.Length; i++) Write(s, $"<sheet name=\"{sheets[i].Name}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>");
                for (int i = 0; i < listed; i++) Write(s, $"<sheet name=\"S{i}\" sheetId=\"{sheets.Length + i + 1}\" r:id=\"rId1\"/>");
                Write(s, "</sheets></workbook>");
            });
            Entry(zip, "xl/_rels/workbook.xml.rels", s =>
            {
                Write(s, "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
                for (int i = 0; i < sheets.Length; i++)
                    Write(s, $"<Relationship Id=\"rId{i + 1}\" Type=\"{Rels}/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>");
                if (shared is not null) Write(s, $"<Relationship Id=\"rIdS\" Type=\"{Rels}/sharedStrings\" Target=\"sharedStrings.xml\"/>");
                Write(s, "</Relationships>");
            });
            for (int i = 0; i < sheets.Length; i++) Entry(zip, $"xl/worksheets/sheet{i + 1}.xml", sheets[i].Write);
            if (shared is not null) Entry(zip, "xl/sharedStrings.xml", shared);
            for (int i = 0; i < extraEntries; i++) zip.CreateEntry($"xl/media/x{i}.bin", CompressionLevel.NoCompression);
        }
        return ms.ToArray();
    }

    private static void Entry(ZipArchive zip, string name, Action<Stream> write)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        write(s);
    }

    private static void Write(Stream s, string text) => s.Write(Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="unit"/> <paramref name="times"/> times, 64 KB at a time.</summary>
    private static void Repeat(Stream s, string unit, long times)
    {
        var one = Encoding.UTF8.GetBytes(unit);
        int perChunk = Math.Max(1, 65536 / one.Length);
        var chunk = new byte[perChunk * one.Length];
        for (int i = 0; i < perChunk; i++) one.CopyTo(chunk, i * one.Length);
        for (long left = times; left > 0; left -= perChunk)
            s.Write(chunk, 0, (int)Math.Min(left, perChunk) * one.Length);
    }

    /// <summary>Rewrites the uncompressed size an entry declares, in its local header and in the central directory.</summary>
    private static byte[] Declare(byte[] zip, string entry, uint size)
    {
        var name = Encoding.UTF8.GetBytes(entry);
        var span = zip.AsSpan();
        int patched = 0;
        for (int i = 0; i + 46 + name.Length <= zip.Length; i++)
        {
            uint sig = BinaryPrimitives.ReadUInt32LittleEndian(span[i..]);
            if (sig == 0x04034b50 && span.Slice(i + 30, name.Length).SequenceEqual(name)
                && BinaryPrimitives.ReadUInt16LittleEndian(span[(i + 26)..]) == name.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(i + 22)..], size);
                patched++;
            }
            else if (sig == 0x02014b50 && span.Slice(i + 46, name.Length).SequenceEqual(name)
                && BinaryPrimitives.ReadUInt16LittleEndian(span[(i + 28)..]) == name.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(i + 24)..], size);
                patched++;
            }
        }
        if (patched != 2) throw new InvalidOperationException($"patched {patched} headers of {entry}");
        return zip;
    }
}
