using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Model;

/// <summary>A console session (decision 0009): the cookie carries its secret, this row decides whether it is still alive.</summary>
public sealed class SessionRow
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>SHA-256 of the secret in the cookie; the secret itself is never stored.</summary>
    public string SecretHash { get; set; } = "";
    /// <summary>The account's security stamp when the session began: a password change, a disable or "sign out everywhere" moves it on.</summary>
    public string SecurityStamp { get; set; } = "";
    public long StartedAtMs { get; set; }
    /// <summary>Set by a logout; a session with an end never comes back.</summary>
    public long? EndedAtMs { get; set; }
}

/// <summary>One client's password checks against one account since its last success (decision 0009).</summary>
public sealed class LoginClientRow
{
    public Guid AccountId { get; set; }
    /// <summary>"device:…" (a browser that logged in to the account before) or "ip:…".</summary>
    public string Client { get; set; } = "";
    /// <summary>Checks reserved (each counts as a failure until it succeeds).</summary>
    public int Attempts { get; set; }
    public int Locks { get; set; }
    public long? LockedUntilMs { get; set; }
    public long LastAtMs { get; set; }
}

internal static class AccountSecurityModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<SessionRow>(e =>
        {
            e.ToTable("sessions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.AccountId).HasColumnName("account_id");
            e.Property(x => x.SecretHash).HasColumnName("secret_hash");
            e.Property(x => x.SecurityStamp).HasColumnName("security_stamp");
            e.Property(x => x.StartedAtMs).HasColumnName("started_at_ms");
            e.Property(x => x.EndedAtMs).HasColumnName("ended_at_ms");
        });
        b.Entity<LoginClientRow>(e =>
        {
            e.ToTable("login_clients");
            e.HasKey(x => new { x.AccountId, x.Client });
            e.Property(x => x.AccountId).HasColumnName("account_id");
            e.Property(x => x.Client).HasColumnName("client");
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.Locks).HasColumnName("locks");
            e.Property(x => x.LockedUntilMs).HasColumnName("locked_until_ms");
            e.Property(x => x.LastAtMs).HasColumnName("last_at_ms");
        });
        b.Entity<ApiTokenRow>(e =>
        {
            e.Property(x => x.Roles).HasColumnName("roles");
            e.Property(x => x.ReadOnly).HasColumnName("read_only");
        });
    }
}
