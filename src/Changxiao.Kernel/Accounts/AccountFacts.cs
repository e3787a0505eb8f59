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

public sealed record LoginFailed(Guid Id, int FailedLogins) : IFact
{
    public string Type => "account.login-failed";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

public sealed record AccountLocked(Guid Id, long LockedUntilMs) : IFact
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

public sealed record LoginSucceeded(Guid Id) : IFact
{
    public string Type => "account.login-succeeded";
    public string EntityType => "account";
    public Guid EntityId => Id;
}

public sealed record TokenIssued(Guid Id, Guid AccountId, string Name, [property: JsonIgnore] string TokenHash) : IFact
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
