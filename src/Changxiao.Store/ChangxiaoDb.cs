using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store;

public sealed class ChangxiaoDb(DbContextOptions<ChangxiaoDb> options) : DbContext(options)
{
    public DbSet<UnitRow> Units => Set<UnitRow>();
    public DbSet<PersonRow> People => Set<PersonRow>();
    public DbSet<PostRow> Posts => Set<PostRow>();
    public DbSet<RoleAssignmentRow> RoleAssignments => Set<RoleAssignmentRow>();
    public DbSet<AccountRow> Accounts => Set<AccountRow>();
    public DbSet<ApiTokenRow> ApiTokens => Set<ApiTokenRow>();
    public DbSet<JournalRow> Journal => Set<JournalRow>();
    public DbSet<JournalHeadRow> JournalHead => Set<JournalHeadRow>();
    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();
    public DbSet<InboxRow> Inbox => Set<InboxRow>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        // Column names match the hand-written migrations (snake_case), identical on both databases.
        b.Entity<UnitRow>(e =>
        {
            e.ToTable("units");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Code).HasColumnName("code");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.ParentId).HasColumnName("parent_id");
            e.Property(x => x.Path).HasColumnName("path");
            e.Property(x => x.Depth).HasColumnName("depth");
        });
        b.Entity<PersonRow>(e =>
        {
            e.ToTable("people");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Code).HasColumnName("code");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.UnitId).HasColumnName("unit_id");
            e.Property(x => x.Phone).HasColumnName("phone");
            e.Property(x => x.Email).HasColumnName("email");
        });
        b.Entity<PostRow>(e =>
        {
            e.ToTable("posts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.UnitId).HasColumnName("unit_id");
            e.Property(x => x.Title).HasColumnName("title");
            e.Property(x => x.Rank).HasColumnName("rank");
            e.Property(x => x.HolderId).HasColumnName("holder_id");
        });
        b.Entity<RoleAssignmentRow>(e =>
        {
            e.ToTable("role_assignments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PersonId).HasColumnName("person_id");
            e.Property(x => x.Role).HasColumnName("role");
            e.Property(x => x.UnitId).HasColumnName("unit_id");
            e.Property(x => x.Subtree).HasColumnName("subtree");
        });
        b.Entity<AccountRow>(e =>
        {
            e.ToTable("accounts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Username).HasColumnName("username");
            e.Property(x => x.PersonId).HasColumnName("person_id");
            e.Property(x => x.PasswordHash).HasColumnName("password_hash");
            e.Property(x => x.SecurityStamp).HasColumnName("security_stamp");
            e.Property(x => x.Disabled).HasColumnName("disabled");
            e.Property(x => x.FailedLogins).HasColumnName("failed_logins");
            e.Property(x => x.LockedUntilMs).HasColumnName("locked_until_ms");
            e.Property(x => x.LastLoginAtMs).HasColumnName("last_login_at_ms");
            e.Property(x => x.CreatedAtMs).HasColumnName("created_at_ms");
        });
        b.Entity<ApiTokenRow>(e =>
        {
            e.ToTable("api_tokens");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.AccountId).HasColumnName("account_id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.TokenHash).HasColumnName("token_hash");
            e.Property(x => x.CreatedAtMs).HasColumnName("created_at_ms");
            e.Property(x => x.Revoked).HasColumnName("revoked");
        });
        b.Entity<JournalRow>(e =>
        {
            e.ToTable("journal");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).HasColumnName("seq").ValueGeneratedNever();
            e.Property(x => x.AtMs).HasColumnName("at_ms");
            e.Property(x => x.Actor).HasColumnName("actor");
            e.Property(x => x.Type).HasColumnName("type");
            e.Property(x => x.EntityType).HasColumnName("entity_type");
            e.Property(x => x.EntityId).HasColumnName("entity_id");
            e.Property(x => x.Data).HasColumnName("data");
            e.Property(x => x.PrevHash).HasColumnName("prev_hash");
            e.Property(x => x.Hash).HasColumnName("hash");
        });
        b.Entity<JournalHeadRow>(e =>
        {
            e.ToTable("journal_head");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(x => x.Seq).HasColumnName("seq");
            e.Property(x => x.Hash).HasColumnName("hash");
        });
        NotificationModel.Configure(b);
        AccountSecurityModel.Configure(b);
        Matters.MatterModelConfig.Configure(b);
        Portal.PortalSubmissions.Configure(b);
    }
}
