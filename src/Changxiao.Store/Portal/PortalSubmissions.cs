using Changxiao.Store.Matters;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Portal;

/// <summary>
/// One citizen submission by its idempotency key (the hidden GUID of the portal's form): the matter it filed and
/// its tracking code encrypted (FieldCipher, bound to the matter), so a repeated POST shows the same code again
/// instead of filing twice. Written in the matter's own transaction; kept for <see cref="PortalSubmissions.Keep"/>.
/// </summary>
public sealed class PortalSubmissionRow
{
    public string Key { get; set; } = "";
    public Guid MatterId { get; set; }
    public string PackId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string TrackingCipher { get; set; } = "";
    public long CreatedAtMs { get; set; }
}

/// <summary>Idempotency keys of portal submissions.</summary>
public sealed class PortalSubmissions(ChangxiaoDb db, FieldCipher cipher, TimeProvider clock)
{
    /// <summary>How long a key is remembered: a retry after that files again.</summary>
    public static readonly TimeSpan Keep = TimeSpan.FromDays(1);

    private const string CipherField = "portal.tracking-code";

    public sealed record Replay(Guid MatterId, string PackId, string Kind, string TrackingCode);

    /// <summary>The earlier submission with this key (null when none, or when it is older than <see cref="Keep"/>).</summary>
    public async Task<Replay?> FindAsync(string key, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().Add(-Keep).ToUnixTimeMilliseconds();
        var row = await db.Set<PortalSubmissionRow>().AsNoTracking().FirstOrDefaultAsync(r => r.Key == key && r.CreatedAtMs >= since, ct);
        return row is null ? null : new Replay(row.MatterId, row.PackId, row.Kind, cipher.Decrypt(row.MatterId, CipherField, row.TrackingCipher));
    }

    /// <summary>
    /// Records the key inside the matter's write (MatterService.OpenAsync's alsoInTransaction), after forgetting keys past
    /// <see cref="Keep"/>. When the key is already there — another request with it committed first; writes are serialised
    /// by the journal head lock, so it is visible here — throws <see cref="DuplicateSubmissionException"/>, which rolls this
    /// matter back. The primary key is the last line of defence.
    /// </summary>
    public static async Task RecordAsync(WriteScope w, FieldCipher cipher, string key, Guid matterId, string packId, string kind, string trackingCode)
    {
        var expired = w.NowMs - (long)Keep.TotalMilliseconds;
        await w.Db.Set<PortalSubmissionRow>().Where(r => r.CreatedAtMs < expired).ExecuteDeleteAsync();
        if (await w.Db.Set<PortalSubmissionRow>().AsNoTracking().AnyAsync(r => r.Key == key)) throw new DuplicateSubmissionException(key);
        w.Db.Set<PortalSubmissionRow>().Add(new PortalSubmissionRow
        {
            Key = key, MatterId = matterId, PackId = packId, Kind = kind,
            TrackingCipher = cipher.Encrypt(matterId, CipherField, trackingCode), CreatedAtMs = w.NowMs,
        });
    }

    internal static void Configure(ModelBuilder b) => b.Entity<PortalSubmissionRow>(e =>
    {
        e.ToTable("portal_submissions");
        e.HasKey(x => x.Key);
        e.Property(x => x.Key).HasColumnName("idempotency_key");
        e.Property(x => x.MatterId).HasColumnName("matter_id");
        e.Property(x => x.PackId).HasColumnName("pack_id");
        e.Property(x => x.Kind).HasColumnName("kind");
        e.Property(x => x.TrackingCipher).HasColumnName("tracking_cipher");
        e.Property(x => x.CreatedAtMs).HasColumnName("created_at_ms");
    });
}

/// <summary>The idempotency key was recorded by another request first; the matter opened with it is rolled back.</summary>
public sealed class DuplicateSubmissionException(string key) : Exception($"portal submission {key} was already recorded");
