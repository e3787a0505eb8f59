namespace Changxiao.Store.Model;

// Read tables. They are written only by Projector, from facts recorded on the journal.

public sealed class UnitRow
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public Guid? ParentId { get; set; }
    /// <summary>"/{root}/…/{self}/" — see Changxiao.Kernel.Org.UnitPath.</summary>
    public string Path { get; set; } = "";
    public int Depth { get; set; }
}

public sealed class PersonRow
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public Guid UnitId { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
}

public sealed class PostRow
{
    public Guid Id { get; set; }
    public Guid UnitId { get; set; }
    public string Title { get; set; } = "";
    public string Rank { get; set; } = "";
    public Guid? HolderId { get; set; }
}

public sealed class RoleAssignmentRow
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public string Role { get; set; } = "";
    public Guid UnitId { get; set; }
    public bool Subtree { get; set; }
}

public sealed class AccountRow
{
    public Guid Id { get; set; }
    public string Username { get; set; } = "";
    public Guid PersonId { get; set; }
    public string PasswordHash { get; set; } = "";
    /// <summary>Changes with the password, a disable or "sign out everywhere": console sessions begun before it end.</summary>
    public string SecurityStamp { get; set; } = "";
    public bool Disabled { get; set; }
    public int FailedLogins { get; set; }
    public long? LockedUntilMs { get; set; }
    public long? LastLoginAtMs { get; set; }
    public long CreatedAtMs { get; set; }
}

public sealed class ApiTokenRow
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>SHA-256 of the token; the token itself is shown once and never stored.</summary>
    public string TokenHash { get; set; } = "";
    public long CreatedAtMs { get; set; }
    public bool Revoked { get; set; }
    /// <summary>The only roles the token acts with, space-separated (null: the account's, for tokens issued before scopes).</summary>
    public string? Roles { get; set; }
    public bool ReadOnly { get; set; }
}

public sealed class JournalRow
{
    public long Seq { get; set; }
    public long AtMs { get; set; }
    public string Actor { get; set; } = "";
    public string Type { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    public string Data { get; set; } = "";
    public string PrevHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>The chain's head, rewritten in the same transaction as every append: it makes a cut-off tail visible.</summary>
public sealed class JournalHeadRow
{
    public int Id { get; set; }
    public long Seq { get; set; }
    public string Hash { get; set; } = "";
}
