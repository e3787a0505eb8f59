using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Changxiao.Tests.Portal;

/// <summary>
/// Small files built byte by byte that carry what would identify their sender: a JPEG whose Exif names the camera and
/// holds GPS coordinates, a PNG with an author text chunk, a PDF whose Info dictionary and XMP name the author, a DOCX
/// whose core properties and tracked changes do.
/// </summary>
internal static class IdentifyingFiles
{
    public const string Author = "Sun Shiming";
    public const string CameraMake = "ZhenTanCam";
    public const string CameraModel = "ZT-1000 Pro";
    public const string Software = "SunPhotoTool 3.1";

    /// <summary>The JPEG's segments that decoding needs, in order: what a stripped copy must be, byte for byte.</summary>
    public static byte[] JpegImagePart { get; }

    public static byte[] Jpeg { get; }

    /// <summary>The same photo taken with the phone held upright: its Exif also says "turn 90° clockwise" (orientation 6).</summary>
    public static byte[] JpegTurned { get; }

    /// <summary>What a stripped copy of <see cref="JpegTurned"/> must be: the image and an Exif holding the orientation alone.</summary>
    public static byte[] JpegTurnedImagePart { get; }

    static IdentifyingFiles()
    {
        var app0 = Segment(0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        byte[] dqt = Segment(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        byte[] sof = Segment(0xC0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]);                    // 1×1, one component
        byte[] dht = Segment(0xC4, [0x00, 0, 1, .. new byte[14], 0]);                  // one DC code
        byte[] sos = Segment(0xDA, [1, 1, 0x00, 0, 63, 0]);
        byte[] scan = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56];                        // a stuffed 0xFF and a restart marker
        JpegImagePart = [0xFF, 0xD8, .. app0, .. dqt, .. sof, .. dht, .. sos, .. scan, 0xFF, 0xD9];
        Jpeg = [0xFF, 0xD8, .. app0, .. Segment(0xE1, Exif()), .. Segment(0xE1, Encoding.UTF8.GetBytes("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>" + Author + "</dc:creator></x:xmpmeta>")),
            .. Segment(0xED, [.. "Photoshop 3.0\0"u8, .. Encoding.ASCII.GetBytes(Author)]), .. dqt, .. Segment(0xFE, Encoding.ASCII.GetBytes("shot by " + Author)),
            .. sof, .. dht, .. sos, .. scan, 0xFF, 0xD9, .. Encoding.ASCII.GetBytes("TRAILER " + CameraModel)];
        JpegTurned = [0xFF, 0xD8, .. app0, .. Segment(0xE1, Exif(orientation: 6)), .. dqt, .. sof, .. dht, .. sos, .. scan, 0xFF, 0xD9];
        byte[] turnedOnly = Segment(0xE1, [.. "Exif\0\0"u8, .. "MM"u8, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
        JpegTurnedImagePart = [0xFF, 0xD8, .. app0, .. turnedOnly, .. dqt, .. sof, .. dht, .. sos, .. scan, 0xFF, 0xD9];
    }

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var s = new byte[payload.Length + 4];
        s[0] = 0xFF;
        s[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(s, 4);
        return s;
    }

    /// <summary>"Exif\0\0" and a little-endian TIFF: IFD0 with Make, Model, Software and a GPS IFD pointer; the GPS IFD with latitude and longitude.</summary>
    private static byte[] Exif(int orientation = 0)
    {
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange(BitConverter.GetBytes((ushort)v));
        void U32(int v) => tiff.AddRange(BitConverter.GetBytes((uint)v));
        byte[] make = [.. Encoding.ASCII.GetBytes(CameraMake), 0], model = [.. Encoding.ASCII.GetBytes(CameraModel), 0], software = [.. Encoding.ASCII.GetBytes(Software), 0];
        const int ifd0 = 8, gpsEntries = 2;
        var ifd0Entries = orientation == 0 ? 4 : 5;
        var ifd0Size = 2 + ifd0Entries * 12 + 4;
        var gps = ifd0 + ifd0Size;
        var gpsSize = 2 + gpsEntries * 12 + 4;
        var data = gps + gpsSize;
        tiff.AddRange("II"u8.ToArray());
        U16(42);
        U32(ifd0);
        U16(ifd0Entries);
        U16(0x010F); U16(2); U32(make.Length); U32(data);                                           // Make
        U16(0x0110); U16(2); U32(model.Length); U32(data + make.Length);                            // Model
        if (orientation != 0) { U16(0x0112); U16(3); U32(1); U16(orientation); U16(0); }           // Orientation
        U16(0x0131); U16(2); U32(software.Length); U32(data + make.Length + model.Length);           // Software
        U16(0x8825); U16(4); U32(1); U32(gps);                                                      // GPS IFD
        U32(0);
        var rationals = data + make.Length + model.Length + software.Length;
        U16(gpsEntries);
        U16(0x0002); U16(5); U32(3); U32(rationals);                                                // GPSLatitude 30°15'50"
        U16(0x0004); U16(5); U32(3); U32(rationals + 24);                                           // GPSLongitude 120°9'40"
        U32(0);
        tiff.AddRange(make);
        tiff.AddRange(model);
        tiff.AddRange(software);
        foreach (var v in new[] { 30, 15, 50, 120, 9, 40 }) { U32(v); U32(1); }
        return [.. "Exif\0\0"u8, .. tiff];
    }

    /// <summary>The GPS latitude as it is stored (30/1, 15/1, 50/1): present in the original, absent from a stripped copy.</summary>
    public static byte[] GpsLatitudeBytes => [30, 0, 0, 0, 1, 0, 0, 0, 15, 0, 0, 0, 1, 0, 0, 0, 50, 0, 0, 0, 1, 0, 0, 0];

    /// <summary>The page's content stream: its "/Title"-looking text must stay as it is.</summary>
    public const string Content = "BT /F1 12 Tf 20 100 Td (/Title (page text)) Tj ET";

    /// <summary>A PDF whose Info has the author as a literal, the title as a UTF-16 hex string, the creator in an object of its own, and an XMP stream.</summary>
    public static byte[] Pdf()
    {
        var xmp = $"<?xpacket begin=\"\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><dc:creator>{Author}</dc:creator><xmp:CreatorTool>{Software}</xmp:CreatorTool></x:xmpmeta><?xpacket end=\"w\"?>";
        var title = Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes("孙实名的举报材料"));
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            $"<< /Length {Content.Length} >>\nstream\n{Content}\nendstream",
            $"<< /Type /Metadata /Subtype /XML /Length {Encoding.UTF8.GetByteCount(xmp)} >>\nstream\n{xmp}\nendstream",
            $"<< /Author ({Author} \\(13712345678\\)) /Title <FEFF{title}> /Creator 7 0 R /Producer ({Software}) /Keywords (sun, evidence) /Subject (about (nested) things) >>",
            $"({CameraModel} Writer)",
        ];
        var offsets = new List<int>();
        var bytes = new List<byte>();
        void Add(string s) => bytes.AddRange(Encoding.UTF8.GetBytes(s));
        Add("%PDF-1.7\n");
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(bytes.Count);
            Add($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = bytes.Count;
        Add($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) Add($"{o:D10} 00000 n \n");
        Add($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return [.. bytes];
    }

    /// <summary>A PDF 1.5 whose Info dictionary sits in a Flate-compressed object stream.</summary>
    public static byte[] PdfWithObjectStream()
    {
        var inner = $"6 0 << /Author ({Author}) /Producer ({Software}) >>";
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(Encoding.ASCII.GetBytes(inner));
        var head = Encoding.ASCII.GetBytes($"%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {packed.Length} >>\nstream\n");
        return [.. head, .. packed.ToArray(), .. "\nendstream\nendobj\ntrailer\n<< /Root 2 0 R /Info 6 0 R >>\n%%EOF\n"u8];
    }

    public static byte[] Png()
    {
        var signature = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        var original = PortalTests<PortalSqliteApp>.Png; // a valid 1×1 PNG
        var ihdrEnd = 8 + 12 + 13;
        return [.. original[..ihdrEnd], .. Chunk("tEXt", [.. "Author\0"u8, .. Encoding.ASCII.GetBytes(Author)]), .. Chunk("eXIf", Encoding.ASCII.GetBytes(CameraMake)),
            .. Chunk("tIME", [0x07, 0xE9, 9, 1, 10, 20, 30]), .. Chunk("iTXt", [.. "Software\0\0\0\0\0"u8, .. Encoding.UTF8.GetBytes(Software)]), .. original[ihdrEnd..]];
    }

    public static byte[] Chunk(string type, byte[] data)
    {
        var t = Encoding.ASCII.GetBytes(type);
        var c = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(c, (uint)data.Length);
        t.CopyTo(c, 4);
        data.CopyTo(c, 8);
        BinaryPrimitives.WriteUInt32BigEndian(c.AsSpan(8 + data.Length), Crc32([.. t, .. data]));
        return c;
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var x in bytes)
        {
            crc ^= x;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
