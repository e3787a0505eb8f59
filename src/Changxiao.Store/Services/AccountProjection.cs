using Changxiao.Kernel.Accounts;
using Changxiao.Kernel.Journal;
using Changxiao.Store.Model;

namespace Changxiao.Store.Services;

/// <summary>The <c>account.*</c> and <c>token.*</c> cases of <see cref="Projector"/>: accounts, their clients' login counts, sessions, tokens.</summary>
internal static class AccountProjection
{
    public static void Apply(ChangxiaoDb db, IFact fact, long atMs)
    {
        switch (fact)
        {
            case AccountCreated f:
                db.Accounts.Add(new AccountRow { Id = f.Id, Username = f.Username, PersonId = f.PersonId, PasswordHash = f.PasswordHash, SecurityStamp = f.SecurityStamp, CreatedAtMs = atMs });
                break;
            case PasswordChanged f:
            {
                var a = Account(db, f.Id);
                (a.PasswordHash, a.SecurityStamp, a.FailedLogins, a.LockedUntilMs) = (f.PasswordHash, f.SecurityStamp, 0, null);
                ForgetClients(db, f.Id);
                break;
            }
            case AccountDisabledChanged f:
            {
                var a = Account(db, f.Id);
                (a.Disabled, a.SecurityStamp) = (f.Disabled, f.SecurityStamp);
                break;
            }
            case SignedOutEverywhere f:
                Account(db, f.Id).SecurityStamp = f.SecurityStamp;
                break;
            case LoginAttempted f:
            {
                var c = db.Set<LoginClientRow>().Find(f.Id, f.Client);
                if (c is null) db.Set<LoginClientRow>().Add(c = new LoginClientRow { AccountId = f.Id, Client = f.Client });
                if (f.Attempt == 1) c.LockedUntilMs = null; // a fresh count: any lock has run out
                (c.Attempts, c.LastAtMs) = (f.Attempt, atMs);
                break;
            }
            case LoginFailed f:
                Account(db, f.Id).FailedLogins = f.FailedLogins;
                break;
            case AccountLocked f:
            {
                // The account row shows administrators the latest lock of any of its clients.
                var a = Account(db, f.Id);
                a.LockedUntilMs = Math.Max(a.LockedUntilMs ?? 0, f.LockedUntilMs);
                if (f.Client is not null && db.Set<LoginClientRow>().Find(f.Id, f.Client) is { } c)
                    (c.LockedUntilMs, c.Locks) = (f.LockedUntilMs, c.Locks + 1);
                break;
            }
            case AccountUnlocked f:
            {
                var a = Account(db, f.Id);
                (a.FailedLogins, a.LockedUntilMs) = (0, null);
                ForgetClients(db, f.Id);
                break;
            }
            case LoginSucceeded f:
            {
                var a = Account(db, f.Id);
                (a.FailedLogins, a.LockedUntilMs, a.LastLoginAtMs) = (0, null, atMs);
                if (f.Client is not null && db.Set<LoginClientRow>().Find(f.Id, f.Client) is { } c) db.Remove(c);
                break;
            }
            case SessionStarted f:
                db.Set<SessionRow>().Add(new SessionRow { Id = f.SessionId, AccountId = f.Id, SecretHash = f.SecretHash, SecurityStamp = f.SecurityStamp, StartedAtMs = atMs });
                break;
            case SessionEnded f:
                (db.Set<SessionRow>().Find(f.SessionId) ?? throw new InvalidOperationException($"session {f.SessionId:N} missing during projection")).EndedAtMs = atMs;
                break;
            case TokenIssued f:
                db.ApiTokens.Add(new ApiTokenRow
                {
                    Id = f.Id, AccountId = f.AccountId, Name = f.Name, TokenHash = f.TokenHash, CreatedAtMs = atMs,
                    Roles = f.Roles is null ? null : string.Join(' ', f.Roles), ReadOnly = f.ReadOnly,
                });
                break;
            case TokenRevoked f:
                db.ApiTokens.Find(f.Id)!.Revoked = true;
                break;
            default:
                throw new InvalidOperationException($"No account projection for fact {fact.Type}");
        }
    }

    /// <summary>Every client starts afresh: an administrator unlocked the account, or its password is new.</summary>
    private static void ForgetClients(ChangxiaoDb db, Guid accountId)
    {
        foreach (var c in db.Set<LoginClientRow>().Where(c => c.AccountId == accountId).ToList()) db.Remove(c);
    }

    private static AccountRow Account(ChangxiaoDb db, Guid id) =>
        db.Accounts.Find(id) ?? throw new InvalidOperationException($"account {id:N} missing during projection");
}
