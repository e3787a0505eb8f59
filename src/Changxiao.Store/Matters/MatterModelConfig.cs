using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Matters;

internal static class MatterModelConfig
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<PackVersionRow>(e =>
        {
            e.ToTable("pack_versions");
            e.HasKey(x => new { x.PackId, x.Version });
            e.Property(x => x.PackId).HasColumnName("pack_id");
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.ContentHash).HasColumnName("content_hash");
            e.Property(x => x.Files).HasColumnName("files");
            e.Property(x => x.RegisteredAtMs).HasColumnName("registered_at_ms");
        });
        b.Entity<MatterRow>(e =>
        {
            e.ToTable("matters");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PackId).HasColumnName("pack_id");
            e.Property(x => x.PackVersion).HasColumnName("pack_version");
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.Number).HasColumnName("number");
            e.Property(x => x.State).HasColumnName("state");
            e.Property(x => x.Final).HasColumnName("final");
            e.Property(x => x.UnitId).HasColumnName("unit_id");
            e.Property(x => x.Title).HasColumnName("title");
            e.Property(x => x.Level).HasColumnName("level");
            e.Property(x => x.Late).HasColumnName("late");
            e.Property(x => x.DueOn).HasColumnName("due_on");
            e.Property(x => x.NextCheck).HasColumnName("next_check");
            e.Property(x => x.OpenedOn).HasColumnName("opened_on");
            e.Property(x => x.OpenedAtMs).HasColumnName("opened_at_ms");
            e.Property(x => x.UpdatedAtMs).HasColumnName("updated_at_ms");
            e.Property(x => x.TrackingHash).HasColumnName("tracking_hash");
            e.Property(x => x.Snapshot).HasColumnName("snapshot");
        });
        b.Entity<MatterPartyRow>(e =>
        {
            e.ToTable("matter_parties");
            e.HasKey(x => new { x.MatterId, x.Party, x.MemberId });
            e.Property(x => x.MatterId).HasColumnName("matter_id");
            e.Property(x => x.Party).HasColumnName("party");
            e.Property(x => x.MemberId).HasColumnName("member_id");
            e.Property(x => x.Recused).HasColumnName("recused");
        });
        b.Entity<MatterSecretRow>(e =>
        {
            e.ToTable("matter_secrets");
            e.HasKey(x => new { x.MatterId, x.Field });
            e.Property(x => x.MatterId).HasColumnName("matter_id");
            e.Property(x => x.Field).HasColumnName("field");
            e.Property(x => x.Ciphertext).HasColumnName("ciphertext");
        });
        b.Entity<MatterCounterRow>(e =>
        {
            e.ToTable("matter_counters");
            e.HasKey(x => new { x.PackId, x.Kind, x.Year });
            e.Property(x => x.PackId).HasColumnName("pack_id");
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.Year).HasColumnName("year");
            e.Property(x => x.Last).HasColumnName("last");
        });
    }
}
