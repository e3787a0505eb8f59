using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Changxiao.Portal;

/// <summary>
/// A copy of an attachment without what would tell who made it: the camera, the place and the time a photo was taken,
/// the author of a document. Hand-written and small (no library parses citizens' files for us): each format is rewritten
/// by its own structure, and anything the stripper cannot follow is cut off rather than copied. See
/// docs/decisions/0010-recusal-in-notifications-and-reporter-files.md for what is and is not removed.
/// </summary>
public static partial class MetadataStripper
{
    /// <summary>The cleaned copy of a file of type <paramref name="extension"/> (".pdf", ".jpg", ".png", ".docx").</summary>
    /// <exception cref="InvalidDataException">A .docx that is not a readable zip, or too large once inflated.</exception>
    public static byte[] Strip(byte[] content, string extension) => extension switch
    {
        ".jpg" or ".jpeg" => Jpeg(content),
        ".png" => Png(content),
        ".pdf" => Pdf(content),
        ".docx" => Docx(content),
        _ => throw new ArgumentException($"no stripper for {extension}", nameof(extension)),
    };

    // ---- JPEG ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// Rewrites the segment stream keeping what decoding needs: APP0 (JFIF), APP2 only when it is an ICC profile, APP14
    /// (Adobe colour transform), the tables, frames and scans. Dropped: APP1 (Exif, XMP: camera, GPS, time), APP13 (IPTC),
    /// every other APPn, COM, and anything after EOI (MPF secondary images, vendor trailers). Of the Exif only the
    /// orientation stays, in an Exif segment of its own (<see cref="OrientationOnly"/>), so a phone photo still shows upright.
    /// </summary>
    public static byte[] Jpeg(byte[] src)
    {
        using var o = new MemoryStream(src.Length);
        if (src.Length < 4 || src[0] != 0xFF || src[1] != 0xD8) return [];
        o.Write(src, 0, 2);
        var i = 2;
        while (i < src.Length)
        {
            if (src[i] != 0xFF) break; // lost the structure: stop rather than copy what we cannot read
            while (i < src.Length && src[i] == 0xFF) i++; // fill bytes
            if (i >= src.Length) break;
            var marker = src[i++];
            if (marker == 0xD9) break; // EOI: written below; whatever follows is dropped
            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                o.Write([0xFF, marker]);
                continue;
            }
            if (i + 2 > src.Length) break;
            var length = BinaryPrimitives.ReadUInt16BigEndian(src.AsSpan(i));
            if (length < 2 || i + length > src.Length) break;
            var segment = src.AsSpan(i - 2, length + 2);
            i += length;
            if (marker == 0xDA)
            {
                // Start of scan: the entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
                o.Write(segment);
                var start = i;
                while (i + 1 < src.Length && !(src[i] == 0xFF && src[i + 1] != 0x00 && src[i + 1] is not (>= 0xD0 and <= 0xD7))) i++;
                if (i + 1 >= src.Length) i = src.Length;
                o.Write(src, start, i - start);
                continue;
            }
            if (KeepJpegSegment(marker, segment[4..])) o.Write(segment);
            else if (marker == 0xE1 && ExifOrientation(segment[4..]) is { } turned) o.Write(OrientationOnly(turned));
        }
        o.Write([0xFF, 0xD9]);
        return o.ToArray();
    }

    /// <summary>The Orientation (tag 0x0112) of an APP1 Exif payload's first IFD when it is not upright (2–8), else null.</summary>
    internal static int? ExifOrientation(ReadOnlySpan<byte> payload)
    {
        if (!payload.StartsWith("Exif\0\0"u8)) return null;
        var tiff = payload[6..];
        if (tiff.Length < 8) return null;
        var big = tiff[0] == (byte)'M';
        if (!(big ? tiff.StartsWith("MM"u8) : tiff.StartsWith("II"u8))) return null;
        var ifd = big ? BinaryPrimitives.ReadUInt32BigEndian(tiff[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(tiff[4..]);
        if (ifd > (uint)tiff.Length - 2) return null;
        var entries = U16(tiff, (int)ifd, big);
        for (var e = 0; e < entries; e++)
        {
            var at = (int)ifd + 2 + e * 12;
            if (at + 12 > tiff.Length) return null;
            if (U16(tiff, at, big) != 0x0112 || U16(tiff, at + 2, big) != 3) continue; // Orientation, SHORT
            var value = U16(tiff, at + 8, big);
            return value is >= 2 and <= 8 ? value : null;
        }
        return null;

        static ushort U16(ReadOnlySpan<byte> b, int at, bool big) =>
            big ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
    }

    /// <summary>An APP1 segment whose Exif holds the orientation and nothing else (big-endian TIFF, one IFD, one entry).</summary>
    internal static byte[] OrientationOnly(int orientation) =>
    [
        0xFF, 0xE1, 0x00, 0x22, .. "Exif\0\0"u8, .. "MM"u8, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
        0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, (byte)orientation, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
    ];

    private static bool KeepJpegSegment(byte marker, ReadOnlySpan<byte> payload) => marker switch
    {
        0xE0 or 0xEE => true,                               // JFIF, Adobe
        0xE2 => payload.StartsWith("ICC_PROFILE\0"u8),      // colour profile; MPF and FlashPix go
        >= 0xE1 and <= 0xEF => false,                       // Exif, XMP, IPTC, vendor data
        0xFE => false,                                      // comment
        _ => true,                                          // tables, frames, DRI, …
    };

    // ---- PNG -----------------------------------------------------------------------------------------------------

    private static readonly string[] PngDropped = ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"];

    /// <summary>Copies the chunks up to IEND, less the text chunks (author, software, comments), eXIf and tIME.</summary>
    public static byte[] Png(byte[] src)
    {
        using var o = new MemoryStream(src.Length);
        if (src.Length < 8) return [];
        o.Write(src, 0, 8);
        var i = 8;
        while (i + 12 <= src.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(src.AsSpan(i));
            if (length > (uint)(src.Length - i - 12)) break;
            var type = Encoding.ASCII.GetString(src, i + 4, 4);
            var total = 12 + (int)length;
            if (!PngDropped.Contains(type)) o.Write(src, i, total);
            i += total;
            if (type == "IEND") return o.ToArray();
        }
        o.Write([0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]); // IEND, so that a cut file still ends well
        return o.ToArray();
    }

    // ---- PDF -----------------------------------------------------------------------------------------------------

    private static readonly byte[][] PdfKeys = [.. new[] { "/Author", "/Creator", "/Producer", "/Title", "/Subject", "/Keywords" }.Select(Encoding.ASCII.GetBytes)];

    /// <summary>
    /// Blanks in place — every byte keeps its offset, so the cross-reference table stays valid without rewriting the file:
    /// the values of /Author, /Creator, /Producer, /Title, /Subject and /Keywords wherever they stand outside streams
    /// (the Info dictionary, also outline titles), the body of every XMP metadata stream, and the same keys inside
    /// Flate-compressed object streams when the recompressed stream fits the old length. Streams of other kinds (page
    /// content, images, fonts) are passed over untouched.
    /// </summary>
    public static byte[] Pdf(byte[] src)
    {
        var b = (byte[])src.Clone();
        var referenced = new HashSet<(int Number, int Generation)>();
        var i = 0;
        var lastObj = 0;
        while (i < b.Length)
        {
            var c = b[i];
            if (c == (byte)'%')
            {
                while (i < b.Length && b[i] != '\n' && b[i] != '\r') i++; // a comment
                continue;
            }
            if (c == (byte)'(')
            {
                i = EndOfLiteral(b, i); // strings are skipped whole, so a key inside one is not taken for a key
                continue;
            }
            if (c == (byte)'/' && PdfKeyLength(b, i) is > 0 and var keyLength)
            {
                i = BlankValue(b, i + keyLength, referenced);
                continue;
            }
            if (IsWord(b, i, "obj"u8)) lastObj = i;
            if (IsWord(b, i, "stream"u8))
            {
                i = Stream(b, i, lastObj);
                continue;
            }
            i++;
        }
        // A value kept in an object of its own ("/Author 12 0 R"): blank the string that object holds.
        if (referenced.Count > 0)
        {
            var text = Encoding.Latin1.GetString(b);
            foreach (var (number, generation) in referenced)
            {
                foreach (Match m in Regex.Matches(text, $@"(?<![0-9]){number}\s+{generation}\s+obj\b"))
                    BlankValue(b, m.Index + m.Length, null);
            }
        }
        return b;
    }

    private static int PdfKeyLength(byte[] b, int i)
    {
        foreach (var k in PdfKeys)
        {
            if (b.AsSpan(i).StartsWith(k) && (i + k.Length >= b.Length || IsDelimiter(b[i + k.Length]))) return k.Length;
        }
        return 0;
    }

    private static bool IsDelimiter(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or 0
        or (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    private static bool IsWord(byte[] b, int i, ReadOnlySpan<byte> word) =>
        b.AsSpan(i).StartsWith(word) && (i == 0 || IsDelimiter(b[i - 1])) && (i + word.Length >= b.Length || IsDelimiter(b[i + word.Length]));

    /// <summary>Blanks the string after a key (literal: its contents become spaces; hex: spaces, which read as empty); returns where to go on.</summary>
    private static int BlankValue(byte[] b, int i, HashSet<(int, int)>? referenced)
    {
        while (i < b.Length && b[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or 0) i++;
        if (i >= b.Length) return i;
        if (b[i] == '(')
        {
            var end = EndOfLiteral(b, i);
            b.AsSpan(i + 1, Math.Max(0, end - i - 2)).Fill((byte)' ');
            return end;
        }
        if (b[i] == '<' && (i + 1 >= b.Length || b[i + 1] != '<'))
        {
            var end = Array.IndexOf(b, (byte)'>', i);
            if (end < 0) end = b.Length;
            b.AsSpan(i + 1, end - i - 1).Fill((byte)' ');
            return Math.Min(b.Length, end + 1);
        }
        if (referenced is not null && IndirectReference().Match(Encoding.Latin1.GetString(b, i, Math.Min(32, b.Length - i))) is { Success: true } r)
            referenced.Add((int.Parse(r.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(r.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
        return i; // an indirect reference (its object is blanked after the pass) or a name
    }

    [GeneratedRegex(@"^(\d{1,9})\s+(\d{1,5})\s+R\b")]
    private static partial Regex IndirectReference();

    /// <summary>The index just past a literal string starting at <paramref name="i"/> (balanced parentheses, backslash escapes).</summary>
    private static int EndOfLiteral(byte[] b, int i)
    {
        var depth = 0;
        for (; i < b.Length; i++)
        {
            if (b[i] == '\\') i++;
            else if (b[i] == '(') depth++;
            else if (b[i] == ')' && --depth == 0) return i + 1;
        }
        return b.Length;
    }

    /// <summary>At the keyword <c>stream</c>: blanks or cleans the body by its dictionary (between the last <c>obj</c> and here); returns the index after it.</summary>
    private static int Stream(byte[] b, int at, int lastObj)
    {
        var dict = Encoding.Latin1.GetString(b, lastObj, at - lastObj);
        var start = at + 6;
        if (start < b.Length && b[start] == '\r') start++;
        if (start < b.Length && b[start] == '\n') start++;
        var end = -1;
        if (StreamLength().Match(dict) is { Success: true } m && int.TryParse(m.Groups[1].Value, out var len) && len >= 0 && start + len <= b.Length
            && b.AsSpan(start + len).TrimStart("\r\n "u8).StartsWith("endstream"u8))
            end = start + len;
        if (end < 0)
        {
            var e = b.AsSpan(start).IndexOf("endstream"u8);
            end = e < 0 ? b.Length : start + e;
        }
        var body = b.AsSpan(start, end - start);
        if (MetadataStream().IsMatch(dict))
            body.Fill((byte)' '); // XMP: creator, tool, dates; a compressed one no longer inflates, which readers pass over
        else if (ObjectStream().IsMatch(dict) && dict.Contains("/FlateDecode", StringComparison.Ordinal) && !dict.Contains("/DecodeParms", StringComparison.Ordinal))
            CleanObjectStream(body);
        var next = b.AsSpan(end).IndexOf("endstream"u8);
        return next < 0 ? b.Length : end + next + 9;
    }

    /// <summary>An object stream holds objects (the Info dictionary among them, in some files): inflate, blank, deflate back if it fits.</summary>
    private static void CleanObjectStream(Span<byte> body)
    {
        byte[] plain;
        try
        {
            using var z = new ZLibStream(new MemoryStream(body.ToArray()), CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            var buffer = new byte[81920];
            int n;
            while ((n = z.Read(buffer)) > 0)
            {
                inflated.Write(buffer, 0, n);
                if (inflated.Length > 16 * 1024 * 1024) return; // not a real object stream
            }
            plain = inflated.ToArray();
        }
        catch (InvalidDataException)
        {
            return;
        }
        var cleaned = Pdf(plain);
        if (cleaned.AsSpan().SequenceEqual(plain)) return;
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(cleaned);
        if (packed.Length > body.Length) return; // would move every later offset: left as it is (see the decision record)
        packed.ToArray().CopyTo(body);
        body[(int)packed.Length..].Fill((byte)' '); // readers stop at the end of the zlib stream
    }

    [GeneratedRegex(@"/Type\s*/Metadata\b|/Subtype\s*/XML\b")]
    private static partial Regex MetadataStream();

    [GeneratedRegex(@"/Type\s*/ObjStm\b")]
    private static partial Regex ObjectStream();

    [GeneratedRegex(@"/Length\s+(\d+)(?!\s+\d+\s+R)")]
    private static partial Regex StreamLength();

    // ---- DOCX ----------------------------------------------------------------------------------------------------

    // A citizen's file is at most a few MB; these bound what a crafted one can make a download inflate.
    private const long MaxPart = 16L * 1024 * 1024;
    private const long MaxTotal = 64L * 1024 * 1024;

    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties";
    private static readonly XNamespace App = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
    private static readonly XName[] CoreBlanked = [Dc + "creator", Cp + "lastModifiedBy", Dc + "title", Dc + "subject", Cp + "keywords", Dc + "description", Cp + "category"];
    private static readonly XName[] AppBlanked = [App + "Company", App + "Manager", App + "HyperlinkBase", App + "Template"];

    /// <summary>
    /// Rebuilds the package: docProps/core.xml without creator, last modified by, title, subject, keywords, description and
    /// category; docProps/app.xml without company, manager, template and hyperlink base; docProps/custom.xml without values;
    /// the author, initials and user id of comments and tracked changes in word/*.xml; and embedded JPEG and PNG images
    /// stripped as above. Everything else is copied as it is.
    /// </summary>
    public static byte[] Docx(byte[] src)
    {
        using var input = new ZipArchive(new MemoryStream(src), ZipArchiveMode.Read);
        if (input.Entries.Sum(e => e.Length) > MaxTotal || input.Entries.Any(e => e.Length > MaxPart))
            throw new InvalidDataException("docx too large to clean");
        var properties = PropertyParts(input);
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                byte[] data;
                using (var s = entry.Open())
                using (var m = new MemoryStream())
                {
                    s.CopyTo(m);
                    data = m.ToArray();
                }
                var name = entry.FullName;
                var lower = name.ToLowerInvariant();
                var kind = properties.GetValueOrDefault(lower);
                if (kind == "core-properties" || lower == "docprops/core.xml") data = BlankElements(data, CoreBlanked);
                else if (kind == "extended-properties" || lower == "docprops/app.xml") data = BlankElements(data, AppBlanked);
                else if (kind == "custom-properties" || lower == "docprops/custom.xml") data = BlankAllText(data);
                else if (lower.StartsWith("word/", StringComparison.Ordinal) && lower.EndsWith(".xml", StringComparison.Ordinal)) data = BlankPeople(data);
                else if (lower.EndsWith(".jpg", StringComparison.Ordinal) || lower.EndsWith(".jpeg", StringComparison.Ordinal)) data = Jpeg(data);
                else if (lower.EndsWith(".png", StringComparison.Ordinal)) data = Png(data);
                var copy = zip.CreateEntry(name, CompressionLevel.Optimal);
                copy.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero); // no trace of when it was edited
                using var w = copy.Open();
                w.Write(data);
            }
        }
        return output.ToArray();
    }

    /// <summary>
    /// Where the package keeps its properties, from its root relationships: docProps/core.xml in Word's files, elsewhere
    /// in others (System.IO.Packaging writes package/services/metadata/core-properties/*.psmdcp). Lower-case part name → kind.
    /// </summary>
    private static Dictionary<string, string> PropertyParts(ZipArchive zip)
    {
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (zip.GetEntry("_rels/.rels") is not { } rels) return parts;
        byte[] data;
        using (var s = rels.Open())
        using (var m = new MemoryStream())
        {
            s.CopyTo(m);
            data = m.ToArray();
        }
        foreach (var r in Load(data).Descendants().Where(e => e.Name.LocalName == "Relationship"))
        {
            var type = (string?)r.Attribute("Type") ?? "";
            var target = ((string?)r.Attribute("Target") ?? "").TrimStart('/').ToLowerInvariant();
            var kind = type[(type.LastIndexOf('/') + 1)..];
            if (kind is "core-properties" or "extended-properties" or "custom-properties") parts[target] = kind;
        }
        return parts;
    }

    private static byte[] BlankElements(byte[] xml, XName[] names)
    {
        var doc = Load(xml);
        foreach (var e in doc.Descendants().Where(e => names.Contains(e.Name)).ToList()) e.Value = "";
        return Save(doc);
    }

    private static byte[] BlankAllText(byte[] xml)
    {
        var doc = Load(xml);
        foreach (var e in doc.Descendants().Where(e => !e.HasElements).ToList()) e.Value = "";
        return Save(doc);
    }

    /// <summary>w:author, w:initials, w15:author, w15:userId and the like: who wrote a comment or made a tracked change.</summary>
    private static byte[] BlankPeople(byte[] xml)
    {
        var text = Encoding.UTF8.GetString(xml);
        var cleaned = PersonAttribute().Replace(text, m => m.Groups[1].Value + "=\"\"");
        return ReferenceEquals(text, cleaned) ? xml : Encoding.UTF8.GetBytes(cleaned);
    }

    [GeneratedRegex(@"(\s(?:[A-Za-z][\w.-]*:)?(?:author|initials|userId|providerId))\s*=\s*(?:""[^""]*""|'[^']*')")]
    private static partial Regex PersonAttribute();

    private static XDocument Load(byte[] xml)
    {
        using var s = new MemoryStream(xml);
        // No DTDs: a package part never needs one, and entity expansion is a bomb.
        using var r = System.Xml.XmlReader.Create(s, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(r);
    }

    private static byte[] Save(XDocument doc)
    {
        using var m = new MemoryStream();
        using (var w = System.Xml.XmlWriter.Create(m, new System.Xml.XmlWriterSettings { Encoding = new UTF8Encoding(false) })) doc.Save(w);
        return m.ToArray();
    }
}

/// <summary>A file the stripper cannot clean is not handed out uncleaned: it is refused with this rule's code.</summary>
public sealed class AttachmentMustBeCleanableRule(bool cleanable) : Kernel.Rules.IBusinessRule
{
    public string Code => "matter.attachment-not-cleanable";

    public string Message => "该附件无法去除作者等信息，暂不能下载；请联系受理人员";

    public bool IsBroken() => !cleanable;
}
