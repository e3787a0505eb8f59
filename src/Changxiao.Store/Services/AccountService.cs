using Changxiao.Kernel.Access;
using Changxiao.Kernel.Accounts;
using Changxiao.Kernel.Rules;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Services;

/// <summary>A login that was refused: wrong credentials, or a locked or disabled account.</summary>
public sealed class AuthException(string code, string message, DateTimeOffset? lockedUntil = null) : Exception(message)
{
    public string Code { get; } = code;
    public DateTimeOffset? LockedUntil { get; } = lockedUntil;
}

public sealed class AccountService(ChangxiaoDb db, Writer writer, TimeProvider clock, LockoutPolicy lockout)
{
    /// <summary>Checks a password; records the success or failure (and a lock after too many failures).</summary>
    public async Task<AccountRow> LoginAsync(string? username, string? password, CancellationToken ct = default)
    {
        username = (username ?? "").Trim();
        password ??= "";
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Username == username, ct);
        if (account is null)
        {
            Passwords.Waste(password);
            throw new AuthException("auth.invalid", "用户名或密码错误");
        }
        var now = clock.GetUtcNow();
        if (account.LockedUntilMs is { } until && until > now.ToUnixTimeMilliseconds())
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(until);
            throw new AuthException("auth.locked", $"账号已锁定，请于 {at.ToOffset(TimeSpan.FromHours(8)):HH:mm} 后再试", at);
        }
        var system = Actor.System("login:" + username);
        if (!Passwords.Verify(password, account.PasswordHash))
        {
            DateTimeOffset? lockedUntil = null;
            await writer.RunAsync(system, async w =>
            {
                var a = await w.Db.Accounts.SingleAsync(x => x.Id == account.Id, ct);
                // A lock that ran out starts a fresh count.
                var failed = (a.LockedUntilMs is { } u && u <= w.NowMs ? 0 : a.FailedLogins) + 1;
                w.Record(new LoginFailed(a.Id, failed));
                if (failed >= lockout.MaxFailures)
                {
                    lockedUntil = DateTimeOffset.FromUnixTimeMilliseconds(w.NowMs) + lockout.LockFor;
                    w.Record(new AccountLocked(a.Id, lockedUntil.Value.ToUnixTimeMilliseconds()));
                }
            }, ct);
            if (lockedUntil is { } l)
                throw new AuthException("auth.locked", $"密码错误次数过多，账号已锁定 {lockout.LockFor.TotalMinutes:0} 分钟", l);
            throw new AuthException("auth.invalid", "用户名或密码错误");
        }
        if (account.Disabled) throw new AuthException("auth.disabled", "账号已停用");
        await writer.RunAsync(system, w => { w.Record(new LoginSucceeded(account.Id)); return Task.CompletedTask; }, ct);
        return await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.Id, ct);
    }

    /// <summary>Who an account acts as (the same query a console session is checked with): its grants and its home unit.</summary>
    public async Task<Actor> ActorForAsync(AccountRow a, CancellationToken ct = default) =>
        ActorOf(await ToListAsync(QueriesFor(db).BySession(db, a.Id, a.SecurityStamp), ct))
        ?? throw new AuthException("auth.disabled", "账号已停用");

    public async Task<AccountRow> CreateAsync(Actor actor, string? username, Guid? personId, string? password, CancellationToken ct = default)
    {
        AccountRules.CheckUsername(username);
        AccountRules.CheckPassword("password", password);
        if (personId is null) throw FieldErrorsException.One("personId", "必填");
        var id = Guid.CreateVersion7();
        var hash = Passwords.Hash(password!);
        await writer.RunAsync(actor, async w =>
        {
            var s = new Scoped(w.Db, actor);
            s.Require(Permissions.AccountWrite);
            if (!await s.People(Permissions.AccountWrite).AnyAsync(p => p.Id == personId, ct))
                throw new NotFoundException("person", personId.Value.ToString("N"));
            var name = username!.Trim();
            var taken = await w.Db.Accounts.AnyAsync(a => a.Username == name, ct);
            Check.Rule(Rule.Of("account.username-taken", $"用户名已被使用：{name}", () => taken));
            var hasOne = await w.Db.Accounts.AnyAsync(a => a.PersonId == personId, ct);
            Check.Rule(Rule.Of("account.person-has-account", "该人员已有账号", () => hasOne));
            w.Record(new AccountCreated(id, name, personId.Value, hash, Passwords.NewStamp()));
        }, ct);
        return await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id, ct);
    }

    public async Task<AccountRow> UpdateAsync(Actor actor, Guid id, bool? disabled, string? password, CancellationToken ct = default)
    {
        if (password is not null) AccountRules.CheckPassword("password", password);
        var hash = password is null ? null : Passwords.Hash(password);
        await writer.RunAsync(actor, async w =>
        {
            var a = await new Scoped(w.Db, actor).AccountAsync(id, Permissions.AccountWrite, ct);
            if (disabled is { } d && d != a.Disabled)
            {
                Check.Rule(Rule.Of("account.cannot-disable-self", "不能停用自己的账号", () => d && actor.AccountId == id));
                w.Record(new AccountDisabledChanged(id, d, Passwords.NewStamp()));
            }
            if (hash is not null) w.Record(new PasswordChanged(id, hash, Passwords.NewStamp()));
        }, ct);
        return await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id, ct);
    }

    public async Task<AccountRow> UnlockAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await writer.RunAsync(actor, async w =>
        {
            await new Scoped(w.Db, actor).AccountAsync(id, Permissions.AccountWrite, ct);
            w.Record(new AccountUnlocked(id));
        }, ct);
        return await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id, ct);
    }

    /// <summary>Issues an API token for the caller's own account; the token is returned once.</summary>
    public async Task<(ApiTokenRow Row, string Token)> IssueTokenAsync(Actor actor, string? name, CancellationToken ct = default)
    {
        new Check.Fields().Required("name", name, 100).ThrowIfAny();
        if (actor.AccountId is not { } accountId) throw new ForbiddenException("token.issue");
        var token = Passwords.NewToken();
        var id = Guid.CreateVersion7();
        await writer.RunAsync(actor, w => { w.Record(new TokenIssued(id, accountId, name!.Trim(), Passwords.Sha256(token))); return Task.CompletedTask; }, ct);
        return (await db.ApiTokens.AsNoTracking().SingleAsync(t => t.Id == id, ct), token);
    }

    public async Task RevokeTokenAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await writer.RunAsync(actor, async w =>
        {
            var t = await w.Db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.AccountId == actor.AccountId, ct)
                    ?? throw new NotFoundException("token", id.ToString("N"));
            if (!t.Revoked) w.Record(new TokenRevoked(t.Id, t.AccountId));
        }, ct);
    }

    /// <summary>The actor behind a live bearer token (token, account and grants in one query), or null.</summary>
    public async Task<Actor?> ActorForTokenAsync(string token, CancellationToken ct = default) =>
        ActorOf(await ToListAsync(QueriesFor(db).ByToken(db, Passwords.Sha256(token)), ct));

    /// <summary>The actor of a console session, or null when the account is disabled or its security stamp moved on.</summary>
    public async Task<Actor?> ActorForSessionAsync(Guid accountId, string? stamp, CancellationToken ct = default) =>
        stamp is null ? null : ActorOf(await ToListAsync(QueriesFor(db).BySession(db, accountId, stamp), ct));

    /// <summary>One row per grant (one row with no role when there is none): every request asks this, so it is one round trip.</summary>
    private sealed record ActorRow(Guid AccountId, Guid PersonId, string Username, string? HomePath, string? Role, Guid? UnitId, string? Path, bool? Subtree);

    // A compiled query is bound to the provider it first runs on (the tests run SQLite and PostgreSQL in one process).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ActorQueries> Queries = new();

    private sealed record ActorQueries(
        Func<ChangxiaoDb, string, IAsyncEnumerable<ActorRow>> ByToken, Func<ChangxiaoDb, Guid, string, IAsyncEnumerable<ActorRow>> BySession);

    private static ActorQueries QueriesFor(ChangxiaoDb db) =>
        Queries.GetOrAdd(db.Database.ProviderName ?? "", _ => new ActorQueries(CompileByToken(), CompileBySession()));

    private static Func<ChangxiaoDb, string, IAsyncEnumerable<ActorRow>> CompileByToken() => EF.CompileAsyncQuery((ChangxiaoDb db, string hash) =>
        from t in db.ApiTokens
        join a in db.Accounts on t.AccountId equals a.Id
        where t.TokenHash == hash && !t.Revoked && !a.Disabled
        // The person's own unit (for recusal from matters about it), then one row per grant.
        from home in (from p in db.People join hu in db.Units on p.UnitId equals hu.Id where p.Id == a.PersonId select hu.Path).DefaultIfEmpty()
        from r in db.RoleAssignments.Where(r => r.PersonId == a.PersonId).DefaultIfEmpty()
        from u in db.Units.Where(u => u.Id == r!.UnitId).DefaultIfEmpty()
        select new ActorRow(a.Id, a.PersonId, a.Username, home, r!.Role, (Guid?)r.UnitId, u!.Path, (bool?)r.Subtree));

    private static Func<ChangxiaoDb, Guid, string, IAsyncEnumerable<ActorRow>> CompileBySession() => EF.CompileAsyncQuery((ChangxiaoDb db, Guid id, string stamp) =>
        from a in db.Accounts
        where a.Id == id && a.SecurityStamp == stamp && !a.Disabled
        // The person's own unit (for recusal from matters about it), then one row per grant.
        from home in (from p in db.People join hu in db.Units on p.UnitId equals hu.Id where p.Id == a.PersonId select hu.Path).DefaultIfEmpty()
        from r in db.RoleAssignments.Where(r => r.PersonId == a.PersonId).DefaultIfEmpty()
        from u in db.Units.Where(u => u.Id == r!.UnitId).DefaultIfEmpty()
        select new ActorRow(a.Id, a.PersonId, a.Username, home, r!.Role, (Guid?)r.UnitId, u!.Path, (bool?)r.Subtree));

    private static Actor? ActorOf(List<ActorRow> rows) => rows.Count == 0 ? null
        : new Actor(rows[0].AccountId, rows[0].PersonId, rows[0].Username,
            rows.Where(r => r.Role is not null && r.Path is not null).Select(r => new Grant(r.Role!, r.UnitId!.Value, r.Path!, r.Subtree!.Value)).ToList())
        {
            HomePath = rows[0].HomePath,
        };

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source, CancellationToken ct)
    {
        var list = new List<T>();
        await foreach (var x in source.WithCancellation(ct)) list.Add(x);
        return list;
    }
}
