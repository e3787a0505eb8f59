using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Changxiao.Portal;

/// <summary>
/// Files a citizen attaches: pdf, jpg, png or docx, recognised by their first bytes (a docx is a zip holding
/// word/document.xml), not by the name alone. Stored under the files folder as <c>&lt;yyyy&gt;/&lt;32 hex&gt;.&lt;ext&gt;</c> —
/// that path is the attachment id the matter's field holds — with a <c>.json</c> beside it (size, SHA-256, and the original
/// name encrypted like a confidential field: a file name often names its sender). The file is kept as it came (the intake
/// role gets the original); others get a copy without metadata (<see cref="MetadataStripper"/>, MattersApi).
/// A file is written before its matter is opened; if the process dies in between, the file stays without a matter.
/// </summary>
public sealed partial class AttachmentStore(PortalSettings settings, TimeProvider clock, Store.Matters.FieldCipher cipher)
{
    public static readonly IReadOnlyList<string> Extensions = [".pdf", ".jpg", ".jpeg", ".png", ".docx"];

    /// <summary>For the file inputs' <c>accept</c>.</summary>
    public const string Accept = ".pdf,.jpg,.jpeg,.png,.docx,application/pdf,image/jpeg,image/png,application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public sealed record Checked(IFormFile File, string Extension);

    /// <summary>Checks one upload; returns the reason it is refused, or null.</summary>
    public string? Check(IFormFile file, out Checked? ok)
    {
        ok = null;
        var name = Path.GetFileName(file.FileName ?? "");
        var ext = Path.GetExtension(name).ToLowerInvariant();
        if (!Extensions.Contains(ext))
            return $"“{name}”的类型不支持：只接受 PDF、JPG、PNG、DOCX 文件";
        if (file.Length > settings.MaxFileBytes)
            return $"“{name}”太大（{file.Length / 1024.0 / 1024.0:0.0} MB）：每个附件不超过 {settings.MaxFileBytes / 1024 / 1024} MB";
        var actual = Sniff(file);
        var expected = ext == ".jpeg" ? ".jpg" : ext;
        if (actual != expected)
            return actual is null
                ? $"“{name}”的内容不是 {expected.TrimStart('.').ToUpperInvariant()} 文件（扩展名与内容不符），未接受"
                : $"“{name}”的内容是 {actual.TrimStart('.').ToUpperInvariant()} 文件，与扩展名 {ext} 不符，未接受";
        ok = new Checked(file, expected);
        return null;
    }

    /// <summary>What the content is: ".pdf", ".jpg", ".png", ".docx", or null.</summary>
    internal static string? Sniff(IFormFile file)
    {
        Span<byte> head = stackalloc byte[8];
        int n;
        using (var s = file.OpenReadStream()) n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var h = head[..n];
        if (h.StartsWith("%PDF-"u8)) return ".pdf";
        if (h.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return ".jpg";
        if (h.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return ".png";
        if (h.StartsWith("PK\x03\x04"u8) && IsDocx(file)) return ".docx";
        return null;
    }

    private static bool IsDocx(IFormFile file)
    {
        try
        {
            using var s = file.OpenReadStream();
            using var zip = new ZipArchive(s, ZipArchiveMode.Read);
            return zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry("word/document.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Writes a checked file; returns its attachment id.</summary>
    public async Task<string> SaveAsync(Checked file, CancellationToken ct)
    {
        var year = Kernel.Calendar.ChinaDate.FromInstant(clock.GetUtcNow()).Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var id = $"{year}/{Guid.CreateVersion7():N}{file.Extension}";
        var path = PathOf(id)!;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".part";
        string sha;
        await using (var target = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await using var source = file.File.OpenReadStream();
            await source.CopyToAsync(target, ct);
            await target.FlushAsync(ct);
        }
        await using (var read = File.OpenRead(tmp)) sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, ct));
        File.Move(tmp, path);
        var meta = new { nameSealed = cipher.Encrypt(Guid.Empty, NameField(id), Path.GetFileName(file.File.FileName)), size = file.File.Length, sha256 = sha, uploadedAt = clock.GetUtcNow() };
        await File.WriteAllTextAsync(path + ".json", JsonSerializer.Serialize(meta), ct);
        return id;
    }

    /// <summary>Removes files saved for a submission that was then refused (best effort).</summary>
    public void Delete(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (PathOf(id) is not { } path) continue;
            try
            {
                File.Delete(path);
                File.Delete(path + ".json");
            }
            catch (IOException)
            {
                // Left behind; harmless (no matter refers to it).
            }
        }
    }

    /// <summary>
    /// The name the file had when it was uploaded (from the <c>.json</c> beside it), or null. Only for those who may know
    /// the reporter: everyone else is shown a neutral name (附件1.pdf).
    /// </summary>
    public string? OriginalName(string id)
    {
        if (PathOf(id) is not { } path || !File.Exists(path + ".json")) return null;
        try
        {
            using var meta = JsonDocument.Parse(File.ReadAllText(path + ".json"));
            var root = meta.RootElement;
            if (root.TryGetProperty("nameSealed", out var s) && s.ValueKind == JsonValueKind.String) return cipher.Decrypt(Guid.Empty, NameField(id), s.GetString()!);
            // Files stored before names were sealed.
            return root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The associated data a sealed name is bound to: it cannot be moved to another attachment.</summary>
    private static string NameField(string id) => "attachment-name:" + id;

    /// <summary>The file of an attachment id, or null when the id is not one this store gives.</summary>
    public string? PathOf(string id) =>
        IdPattern().IsMatch(id) ? Path.Combine(settings.FilesDir, id.Replace('/', Path.DirectorySeparatorChar)) : null;

    [GeneratedRegex(@"^\d{4}/[0-9a-f]{32}\.(pdf|jpg|png|docx)$")]
    private static partial Regex IdPattern();
}
