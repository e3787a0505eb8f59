using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Changxiao.Portal;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Changxiao.Tests.Portal;

/// <summary>The metadata strippers on files built in the test: what identifies the sender goes, what shows the content stays.</summary>
public sealed class MetadataStripperTests
{
    private static bool Holds(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    private static bool Holds(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Fact]
    public void Jpeg_ExifXmpIptcCommentAndTrailerDropped_ImageSegmentsKeptByteForByte()
    {
        var original = IdentifyingFiles.Jpeg;
        Assert.True(Holds(original, IdentifyingFiles.CameraMake) && Holds(original, IdentifyingFiles.GpsLatitudeBytes)); // the test file does carry them

        var cleaned = MetadataStripper.Strip(original, ".jpg");

        Assert.Equal(IdentifyingFiles.JpegImagePart, cleaned);
        foreach (var text in new[] { IdentifyingFiles.CameraMake, IdentifyingFiles.CameraModel, IdentifyingFiles.Software, IdentifyingFiles.Author, "Exif" })
            Assert.False(Holds(cleaned, text), text);
        Assert.False(Holds(cleaned, IdentifyingFiles.GpsLatitudeBytes));
    }

    [Fact]
    public void Jpeg_TakenUpright_KeepsItsOrientationAlone_NotTheCameraNorThePlace()
    {
        var cleaned = MetadataStripper.Strip(IdentifyingFiles.JpegTurned, ".jpg");

        Assert.Equal(IdentifyingFiles.JpegTurnedImagePart, cleaned);
        Assert.False(Holds(cleaned, IdentifyingFiles.CameraMake));
        Assert.False(Holds(cleaned, IdentifyingFiles.GpsLatitudeBytes));
    }

    [Fact]
    public void Jpeg_CutShort_EndsAfterWhatCouldBeRead_NeverCopiesTheRest()
    {
        var original = IdentifyingFiles.Jpeg;
        var cut = original[..30]; // inside the Exif segment
        var cleaned = MetadataStripper.Strip(cut, ".jpg");
        Assert.False(Holds(cleaned, "Exif"));
        Assert.Equal([0xFF, 0xD9], cleaned[^2..]);
    }

    [Fact]
    public void Png_TextExifAndTimeChunksDropped_OthersKept()
    {
        var original = IdentifyingFiles.Png();
        Assert.True(Holds(original, IdentifyingFiles.Author));
        var cleaned = MetadataStripper.Strip([.. original, .. "after the end"u8], ".png");
        Assert.Equal(PortalTests<PortalSqliteApp>.Png, cleaned); // exactly the plain 1×1 image
    }

    [Fact]
    public void Pdf_InfoAndXmpBlankedInPlace_OffsetsAndContentUnchanged()
    {
        var original = IdentifyingFiles.Pdf();
        Assert.True(Holds(original, IdentifyingFiles.Author));

        var cleaned = MetadataStripper.Strip(original, ".pdf");

        Assert.Equal(original.Length, cleaned.Length);
        var titleHex = Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes("孙实名的举报材料"));
        foreach (var text in new[] { IdentifyingFiles.Author, IdentifyingFiles.Software, IdentifyingFiles.CameraModel, "13712345678", "sun, evidence", "nested", titleHex[4..], "dc:creator" })
            Assert.False(Holds(cleaned, text), text);
        Assert.True(Holds(cleaned, IdentifyingFiles.Content)); // page content is not metadata
        var text8 = Encoding.Latin1.GetString(cleaned);
        Assert.Contains("/Metadata 5 0 R", text8);
        Assert.Contains("/Author (", text8); // the keys stay, empty
        // Every offset the cross-reference table gives still lands on its object.
        var xref = text8[(text8.IndexOf("xref\n", StringComparison.Ordinal) + 5)..];
        var rows = Regex.Matches(xref, @"(\d{10}) 00000 n").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(7, rows.Count);
        for (var i = 0; i < rows.Count; i++) Assert.StartsWith($"{i + 1} 0 obj", text8[rows[i]..]);
    }

    [Fact]
    public void Pdf_InfoInACompressedObjectStream_Blanked_SameLength()
    {
        var original = IdentifyingFiles.PdfWithObjectStream();
        var cleaned = MetadataStripper.Strip(original, ".pdf");
        Assert.Equal(original.Length, cleaned.Length);
        var text = Encoding.Latin1.GetString(cleaned);
        var start = text.IndexOf("stream\n", StringComparison.Ordinal) + 7;
        using var z = new ZLibStream(new MemoryStream(cleaned[start..]), CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        z.CopyTo(inflated);
        var objects = Encoding.ASCII.GetString(inflated.ToArray());
        Assert.StartsWith("6 0 << /Author (", objects);
        Assert.DoesNotContain(IdentifyingFiles.Author, objects);
        Assert.DoesNotContain(IdentifyingFiles.Software, objects);
    }

    [Fact]
    public void Docx_CorePropertiesCompanyRevisionAuthorsAndPhotoExif_Removed_TextKept()
    {
        byte[] original;
        using (var ms = new MemoryStream())
        {
            using (var doc = WordprocessingDocument.Create(ms, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
            {
                doc.PackageProperties.Creator = IdentifyingFiles.Author;
                doc.PackageProperties.LastModifiedBy = IdentifyingFiles.Author;
                doc.PackageProperties.Title = "孙实名的举报";
                var app = doc.AddExtendedFilePropertiesPart();
                app.Properties = new DocumentFormat.OpenXml.ExtendedProperties.Properties(new DocumentFormat.OpenXml.ExtendedProperties.Company("孙记商行"));
                var main = doc.AddMainDocumentPart();
                main.Document = new W.Document(new W.Body(
                    new W.Paragraph(new W.Run(new W.Text("窗口工作人员索要好处费"))),
                    new W.Paragraph(new W.InsertedRun(new W.Run(new W.Text("补充：时间是九月"))) { Author = IdentifyingFiles.Author, Id = "1" })));
                var image = main.AddImagePart(ImagePartType.Jpeg);
                using (var s = new MemoryStream(IdentifyingFiles.Jpeg)) image.FeedData(s);
            }
            original = ms.ToArray();
        }

        var cleaned = MetadataStripper.Strip(original, ".docx");

        using var zip = new ZipArchive(new MemoryStream(cleaned));
        foreach (var entry in zip.Entries)
        {
            using var s = entry.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            var bytes = m.ToArray();
            foreach (var text in new[] { IdentifyingFiles.Author, "孙实名", "孙记商行", IdentifyingFiles.CameraMake })
                Assert.False(Holds(bytes, text), $"{entry.FullName}: {text}");
        }
        using var reopened = WordprocessingDocument.Open(new MemoryStream(cleaned), false);
        Assert.True(string.IsNullOrEmpty(reopened.PackageProperties.Creator));
        Assert.Equal("窗口工作人员索要好处费补充：时间是九月", reopened.MainDocumentPart!.Document.Body!.InnerText);
        Assert.Equal(IdentifyingFiles.JpegImagePart, ReadAll(reopened.MainDocumentPart.ImageParts.Single().GetStream()));
    }

    private static byte[] ReadAll(Stream s)
    {
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    [Fact]
    public void Docx_InflatingFarBeyondAnyRealDocument_RefusedBeforeItIsInflated()
    {
        // ~40 KB on disk, 40 MB of XML once inflated: a download of it must not make the server hold that.
        var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open())) w.Write("<Types/>");
            using var s = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var spaces = new byte[1024 * 1024];
            spaces.AsSpan().Fill((byte)' ');
            for (var i = 0; i < 40; i++) s.Write(spaces);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidDataException>(() => MetadataStripper.Strip(bomb.ToArray(), ".docx"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 * 1024 * 1024, "the parts were inflated before the size was checked");
    }
}
