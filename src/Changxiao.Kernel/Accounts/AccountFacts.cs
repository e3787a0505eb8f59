using System.Text.Json.Serialization;
using Changxiao.Kernel.Journal;

namespace Changxiao.Kernel.Accounts;

// Secrets (password hashes, token hashes) travel with the fact to the read table but are never
// written to the journal: [JsonIgnore] keeps them out of the canonical form.

public sealed record AccountCreated(Guid Id, string Username, Guid PersonId, [property: JsonIgnore] string PasswordHash, [property: JsonIgnore] string SecurityStamp) : IFact
{
    public string Type => "account.created";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

public sealed record PasswordChanged(Guid Id, [property: JsonIgnore] string PasswordHash, [property: JsonIgnore] string SecurityStamp) : IFact
{
    public string Type => "account.password-changed";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

public sealed record AccountDisabledChanged(Guid Id, bool Disabled, [property: JsonIgnore] string SecurityStamp) : IFact
{
    public string Type => Disabled ? "account.disabled" : "account.enabled";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

/// <summary>
/// A password check about to run for an account from one client (a browser that logged in to it before, or an IP
/// address): recorded before the check, so concurrent attempts are counted one by one. <paramref name="Attempt"/> is the
/// client's count since its last success or lock.
/// </summary>
public sealed record LoginAttempted(Guid Id, string Client, int Attempt) : IFact
{
    public string Type => "account.login-attempted";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

/// <summary>A failed check; <paramref name="FailedLogins"/> counts the account's failures from all clients since its last success.</summary>
public sealed record LoginFailed(Guid Id, int FailedLogins, string? Client = null) : IFact
{
    public string Type => "account.login-failed";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

/// <summary>One client is locked out of the account until the time given (other clients are not: decision 0009).</summary>
public sealed record AccountLocked(Guid Id, long LockedUntilMs, string? Client = null) : IFact
{
    public string Type => "account.locked";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

public sealed record AccountUnlocked(Guid Id) : IFact
{
    public string Type => "account.unlocked";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

public sealed record LoginSucceeded(Guid Id, string? Client = null) : IFact
{
    public string Type => "account.login-succeeded";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

/// <summary>
/// An API token. <paramref name="Roles"/>: the only roles its requests act with (null: the account's, for tokens issued
/// before scopes existed); <paramref name="ReadOnly"/>: it may not change anything.
/// </summary>
public sealed record TokenIssued(Guid Id, Guid AccountId, string Name, [property: JsonIgnore] string TokenHash,
    IReadOnlyList<string>? Roles = null, bool ReadOnly = false) : IFact
{
    public string Type => "token.issued";
    public string EntityType => "token";
    public Guid EntityId => Id;
}

public sealed record TokenRevoked(Guid Id, Guid AccountId) : IFact
{
    public string Type => "token.revoked";
    public string EntityType => "token";
    public Guid EntityId => Id;
}

/// <summary>A console session, begun by a login. Only the hash of its secret (kept in the cookie) is stored.</summary>
public sealed record SessionStarted(Guid Id, Guid SessionId, [property: JsonIgnore] string SecretHash, [property: JsonIgnore] string SecurityStamp) : IFact
{
    public string Type => "account.session-started";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

/// <summary>A logout: the session's cookie is worthless from now on, even replayed.</summary>
public sealed record SessionEnded(Guid Id, Guid SessionId) : IFact
{
    public string Type => "account.session-ended";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

/// <summary>Every session of the account ends (a new security stamp); its tokens are revoked by their own facts.</summary>
public sealed record SignedOutEverywhere(Guid Id, [property: JsonIgnore] string SecurityStamp) : IFact
{
    public string Type => "account.signed-out-everywhere";
    public string EntityType => "account";
    public Guid EntityId => Id;
}
