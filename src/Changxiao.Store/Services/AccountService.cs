using Changxiao.Kernel.Access;
using Changxiao.Kernel.Accounts;
using Changxiao.Kernel.Rules;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Services;

/// <summary>
/// A login that was refused. Wrong password, unknown user and locked-out client all give the same one
/// (<c>auth.invalid</c>): the answer never says whether an account exists or is locked.
/// </summary>
public sealed class AuthException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Where a login comes from: the client's address, and what its device cookie says (an account and a device id, set by
/// an earlier successful login to that account; the caller has checked the cookie's signature).
/// </summary>
public sealed record LoginClient(string Address, Guid? DeviceAccountId = null, string? DeviceId = null)
{
    /// <summary>The client as the lockout counts it: the browser when it logged in to this account before, its address otherwise.</summary>
    public string KeyFor(Guid accountId) =>
        DeviceAccountId == accountId && !string.IsNullOrEmpty(DeviceId) ? "device:" + Passwords.Sha256(DeviceId)[..16] : "ip:" + Address;
}

/// <summary>A login that worked: the account, who it acts as, and the secret of its new session (for the cookie, shown once).</summary>
public sealed record LoginResult(AccountRow Account, Actor Actor, string SessionSecret);

/// <summary>The actor behind a bearer token, and whether the token may only read.</summary>
public sealed record TokenActor(Actor Actor, bool ReadOnly);

public sealed class AccountService(ChangxiaoDb db, Writer writer, LockoutPolicy lockout, PasswordGate? gate = null)
{
    private readonly PasswordGate _gate = gate ?? PasswordGate.Unbounded();

    private static AuthException Invalid() => new("auth.invalid", "用户名或密码错误");

    /// <summary>
    /// Checks a password (decision 0009). The check is reserved on the journal before it runs, per account and client,
    /// so concurrent attempts never make more checks than the lockout allows; a client locked out of the account gets
    /// the same answer, after the same time, as a wrong password or an unknown user. Success starts a session.
    /// </summary>
    public async Task<LoginResult> LoginAsync(string? username, string? password, LoginClient client, CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        username = (username ?? "").Trim();
        password ??= "";
        using var place = _gate.Enter(); // a full line refuses before anything is read or recorded
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Username == username, ct);
        if (account is null)
        {
            await place.HashAsync(() => Passwords.Waste(password), ct);
            throw await RefusedAsync(place, started, ct);
        }
        var key = client.KeyFor(account.Id);
        var system = Actor.System("login:" + username);
        var attempt = await writer.RunAsync(system, async w =>
        {
            var c = await w.Db.Set<LoginClientRow>().FindAsync([account.Id, key], ct);
            var next = lockout.NextAttempt(c is null ? null : new ClientLogins(c.Attempts, c.Locks, c.LockedUntilMs, c.LastAtMs), w.NowMs);
            if (next is { } n) w.Record(new LoginAttempted(account.Id, key, n));
            return next;
        }, ct);
        if (attempt is null)
        {
            await place.HashAsync(() => Passwords.Waste(password), ct);
            throw await RefusedAsync(place, started, ct);
        }
        if (!await place.HashAsync(() => Passwords.Verify(password, account.PasswordHash), ct))
        {
            await writer.RunAsync(system, async w =>
            {
                var a = await w.Db.Accounts.SingleAsync(x => x.Id == account.Id, ct);
                w.Record(new LoginFailed(a.Id, a.FailedLogins + 1, key));
                if (attempt >= lockout.MaxFailures)
                {
                    var c = await w.Db.Set<LoginClientRow>().FindAsync([account.Id, key], ct);
                    var until = w.NowMs + (long)lockout.LockDuration((c?.Locks ?? 0) + 1).TotalMilliseconds;
                    w.Record(new AccountLocked(a.Id, until, key));
                }
            }, ct);
            _gate.ObserveRefusal(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            throw await RefusedAsync(place, started, ct);
        }
        if (account.Disabled) throw new AuthException("auth.disabled", "账号已停用");
        var secret = Passwords.NewToken();
        await writer.RunAsync(system, w =>
        {
            w.Record(new LoginSucceeded(account.Id, key));
            // The stamp the password was checked under: if it moved on meanwhile (a new password, a disable), the session is born dead.
            w.Record(new SessionStarted(account.Id, Guid.CreateVersion7(), Passwords.Sha256(secret), account.SecurityStamp));
            return Task.CompletedTask;
        }, ct);
        var actor = await ActorForSessionAsync(secret, ct) ?? throw Invalid();
        return new LoginResult(account, actor, secret);
    }

    /// <summary>The one refusal, given no sooner than a wrong password's would be (the place in line is free meanwhile).</summary>
    private async Task<AuthException> RefusedAsync(PasswordGate.Place place, long started, CancellationToken ct)
    {
        place.Dispose();
        await _gate.EvenOutAsync(System.Diagnostics.Stopwatch.GetElapsedTime(started), ct);
        return Invalid();
    }

    /// <summary>A logout: the session ends for good (its cookie, replayed, no longer works).</summary>
    public async Task EndSessionAsync(Actor actor, string? secret, CancellationToken ct = default)
    {
        if (secret is null) return;
        var hash = Passwords.Sha256(secret);
        await writer.RunAsync(actor, async w =>
        {
            var s = await w.Db.Set<SessionRow>().FirstOrDefaultAsync(x => x.SecretHash == hash && x.AccountId == actor.AccountId, ct);
            if (s is { EndedAtMs: null }) w.Record(new SessionEnded(s.AccountId, s.Id));
        }, ct);
    }

    /// <summary>
    /// Ends every session of an account and revokes every token it has, for good: by an administrator who may change the
    /// account, or by its owner.
    /// </summary>
    public async Task SignOutEverywhereAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        await writer.RunAsync(actor, async w =>
        {
            if (actor.AccountId != id) await new Scoped(w.Db, actor).AccountAsync(id, Permissions.AccountWrite, ct);
            w.Record(new SignedOutEverywhere(id, Passwords.NewStamp()));
            await RevokeTokensAsync(w, id, ct);
        }, ct);
    }

    /// <summary>Revoked as facts, so re-enabling the account later does not bring them back.</summary>
    private static async Task RevokeTokensAsync(WriteScope w, Guid accountId, CancellationToken ct)
    {
        foreach (var t in await w.Db.ApiTokens.Where(t => t.AccountId == accountId && !t.Revoked).ToListAsync(ct))
            w.Record(new TokenRevoked(t.Id, accountId));
    }

    /// <summary>Who an account acts as (outside a session: tools, the bench): its grants and its home unit.</summary>
    public async Task<Actor> ActorForAsync(AccountRow a, CancellationToken ct = default) =>
        ActorOf(await ToListAsync(QueriesFor(db).ByAccount(db, a.Id), ct))
        ?? throw new AuthException("auth.disabled", "账号已停用");

    public async Task<AccountRow> CreateAsync(Actor actor, string? username, Guid? personId, string? password, CancellationToken ct = default)
    {
        AccountRules.CheckUsername(username);
        AccountRules.CheckPassword("password", password);
        if (personId is null) throw FieldErrorsException.One("personId", "必填");
        new Scoped(db, actor).Require(Permissions.AccountWrite); // before the costly hash
        var id = Guid.CreateVersion7();
        var hash = await _gate.RunAsync(() => Passwords.Hash(password!), ct);
        await writer.RunAsync(actor, async w =>
        {
            var s = new Scoped(w.Db, actor);
            s.Require(Permissions.AccountWrite);
            if (!await s.People(Permissions.AccountWrite).AnyAsync(p => p.Id == personId, ct))
                throw new NotFoundException("person", personId.Value.ToString("N"));
            var name = username!.Trim();
            // Usernames are unique across the county: the answer says only that this one cannot be had, never whose it
            // is or where — the same for an account in the caller's scope as for one outside it.
            var taken = await w.Db.Accounts.AnyAsync(a => a.Username == name, ct);
            Check.Rule(Rule.Of("account.username-unavailable", "该用户名不可用，请换一个", () => taken));
            var hasOne = await w.Db.Accounts.AnyAsync(a => a.PersonId == personId, ct);
            Check.Rule(Rule.Of("account.person-has-account", "该人员已有账号", () => hasOne));
            w.Record(new AccountCreated(id, name, personId.Value, hash, Passwords.NewStamp()));
        }, ct);
        return await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id, ct);
    }

    /// <summary>A new password or a disable ends every session of the account and revokes its tokens, for good.</summary>
    public async Task<AccountRow> UpdateAsync(Actor actor, Guid id, bool? disabled, string? password, CancellationToken ct = default)
    {
        if (password is not null) AccountRules.CheckPassword("password", password);
        new Scoped(db, actor).Require(Permissions.AccountWrite);
        var hash = password is null ? null : await _gate.RunAsync(() => Passwords.Hash(password), ct);
        await writer.RunAsync(actor, async w =>
        {
            var a = await new Scoped(w.Db, actor).AccountAsync(id, Permissions.AccountWrite, ct);
            if (disabled is { } d && d != a.Disabled)
            {
                Check.Rule(Rule.Of("account.cannot-disable-self", "不能停用自己的账号", () => d && actor.AccountId == id));
                w.Record(new AccountDisabledChanged(id, d, Passwords.NewStamp()));
                if (d) await RevokeTokensAsync(w, id, ct);
            }
            if (hash is not null)
            {
                w.Record(new PasswordChanged(id, hash, Passwords.NewStamp()));
                await RevokeTokensAsync(w, id, ct);
            }
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

    /// <summary>
    /// Issues an API token for the caller's own account; the token is returned once. It acts with the roles asked for —
    /// each one the caller holds now (a caller authenticated by a scoped token holds only that token's) — or, when none
    /// are named, with the caller's roles as they are now: a token never carries more than whoever asked for it.
    /// </summary>
    public async Task<(ApiTokenRow Row, string Token)> IssueTokenAsync(Actor actor, string? name, IReadOnlyList<string>? roles = null,
        bool readOnly = false, CancellationToken ct = default)
    {
        new Check.Fields().Required("name", name, 100).ThrowIfAny();
        if (actor.AccountId is not { } accountId) throw new ForbiddenException("token.issue");
        var scope = TokenScopes.Narrow(actor.Grants.Select(g => g.Role), roles);
        var token = Passwords.NewToken();
        var id = Guid.CreateVersion7();
        await writer.RunAsync(actor, w =>
        {
            w.Record(new TokenIssued(id, accountId, name!.Trim(), Passwords.Sha256(token), scope, readOnly));
            return Task.CompletedTask;
        }, ct);
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

    /// <summary>The actor behind a live bearer token (token, account and grants in one query, narrowed to the token's roles), or null.</summary>
    public async Task<TokenActor?> ActorForTokenAsync(string token, CancellationToken ct = default)
    {
        var rows = await ToListAsync(QueriesFor(db).ByToken(db, Passwords.Sha256(token)), ct);
        return ActorOf(rows) is { } actor ? new TokenActor(actor, rows[0].ReadOnly) : null;
    }

    /// <summary>The actor of a live console session (not logged out, its account enabled and its security stamp unchanged), or null.</summary>
    public async Task<Actor?> ActorForSessionAsync(string? secret, CancellationToken ct = default) =>
        secret is null ? null : ActorOf(await ToListAsync(QueriesFor(db).BySession(db, Passwords.Sha256(secret)), ct));

    /// <summary>
    /// One row per grant (one row with no role when there is none): every request asks this, so it is one round trip.
    /// <see cref="Scope"/> is a token's roles, space-separated (null: all the account's).
    /// </summary>
    private sealed record ActorRow(Guid AccountId, Guid PersonId, string Username, string? HomePath, string? Role, Guid? UnitId, string? Path, bool? Subtree,
        string? Scope, bool ReadOnly);

    // A compiled query is bound to the provider it first runs on (the tests run SQLite and PostgreSQL in one process).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ActorQueries> Queries = new();

    private sealed record ActorQueries(
        Func<ChangxiaoDb, string, IAsyncEnumerable<ActorRow>> ByToken, Func<ChangxiaoDb, string, IAsyncEnumerable<ActorRow>> BySession,
        Func<ChangxiaoDb, Guid, IAsyncEnumerable<ActorRow>> ByAccount);

    private static ActorQueries QueriesFor(ChangxiaoDb db) =>
        Queries.GetOrAdd(db.Database.ProviderName ?? "", _ => new ActorQueries(CompileByToken(), CompileBySession(), CompileByAccount()));

    private static Func<ChangxiaoDb, string, IAsyncEnumerable<ActorRow>> CompileByToken() => EF.CompileAsyncQuery((ChangxiaoDb db, string hash) =>
        from t in db.ApiTokens
        join a in db.Accounts on t.AccountId equals a.Id
        where t.TokenHash == hash && !t.Revoked && !a.Disabled
        // The person's own unit (for recusal from matters about it), then one row per grant.
        from home in (from p in db.People join hu in db.Units on p.UnitId equals hu.Id where p.Id == a.PersonId select hu.Path).DefaultIfEmpty()
        from r in db.RoleAssignments.Where(r => r.PersonId == a.PersonId).DefaultIfEmpty()
        from u in db.Units.Where(u => u.Id == r!.UnitId).DefaultIfEmpty()
        select new ActorRow(a.Id, a.PersonId, a.Username, home, r!.Role, (Guid?)r.UnitId, u!.Path, (bool?)r.Subtree, t.Roles, t.ReadOnly));

    private static Func<ChangxiaoDb, string, IAsyncEnumerable<ActorRow>> CompileBySession() => EF.CompileAsyncQuery((ChangxiaoDb db, string hash) =>
        from s in db.Set<SessionRow>()
        join a in db.Accounts on s.AccountId equals a.Id
        where s.SecretHash == hash && s.EndedAtMs == null && s.SecurityStamp == a.SecurityStamp && !a.Disabled
        from home in (from p in db.People join hu in db.Units on p.UnitId equals hu.Id where p.Id == a.PersonId select hu.Path).DefaultIfEmpty()
        from r in db.RoleAssignments.Where(r => r.PersonId == a.PersonId).DefaultIfEmpty()
        from u in db.Units.Where(u => u.Id == r!.UnitId).DefaultIfEmpty()
        select new ActorRow(a.Id, a.PersonId, a.Username, home, r!.Role, (Guid?)r.UnitId, u!.Path, (bool?)r.Subtree, null, false));

    private static Func<ChangxiaoDb, Guid, IAsyncEnumerable<ActorRow>> CompileByAccount() => EF.CompileAsyncQuery((ChangxiaoDb db, Guid id) =>
        from a in db.Accounts
        where a.Id == id && !a.Disabled
        from home in (from p in db.People join hu in db.Units on p.UnitId equals hu.Id where p.Id == a.PersonId select hu.Path).DefaultIfEmpty()
        from r in db.RoleAssignments.Where(r => r.PersonId == a.PersonId).DefaultIfEmpty()
        from u in db.Units.Where(u => u.Id == r!.UnitId).DefaultIfEmpty()
        select new ActorRow(a.Id, a.PersonId, a.Username, home, r!.Role, (Guid?)r.UnitId, u!.Path, (bool?)r.Subtree, null, false));

    /// <summary>The one place an actor is built: a scoped token's requests act with its roles only.</summary>
    private static Actor? ActorOf(List<ActorRow> rows)
    {
        if (rows.Count == 0) return null;
        var scope = rows[0].Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new Actor(rows[0].AccountId, rows[0].PersonId, rows[0].Username,
            rows.Where(r => r.Role is not null && r.Path is not null && (scope is null || scope.Contains(r.Role)))
                .Select(r => new Grant(r.Role!, r.UnitId!.Value, r.Path!, r.Subtree!.Value)).ToList())
        {
            HomePath = rows[0].HomePath,
        };
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source, CancellationToken ct)
    {
        var list = new List<T>();
        await foreach (var x in source.WithCancellation(ct)) list.Add(x);
        return list;
    }
}
