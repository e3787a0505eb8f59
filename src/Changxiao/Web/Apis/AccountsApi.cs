using System.Security.Cryptography;
using Changxiao.Kernel.Access;
using Changxiao.Store;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Web.Apis;

public static class AccountsApi
{
    public sealed record LoginBody(string? Username, string? Password);
    public sealed record AccountBody(string? Username, Guid? PersonId, string? Password);
    public sealed record AccountUpdateBody(bool? Disabled, string? Password);
    /// <summary>A token's scope: only these roles of the caller's (default: all of them as they are now); read-only: GET only.</summary>
    public sealed record TokenBody(string? Name, IReadOnlyList<string>? Roles = null, bool ReadOnly = false);
    public sealed record SessionAccount(Guid Id, string Username, Guid PersonId, string? PersonName);
    public sealed record SessionGrant(string Role, Guid UnitId, string? UnitName, bool Subtree);
    public sealed record SessionDto(SessionAccount Account, IReadOnlyList<SessionGrant> Grants, IReadOnlyList<string> Permissions, string? CsrfToken);

    public static RouteGroupBuilder MapSessionApi(this RouteGroupBuilder api)
    {
        api.MapPost("/session", async (LoginBody body, HttpContext http, AccountService accounts, ChangxiaoDb db) =>
        {
            var client = LoginDefence.ClientOf(http);
            var login = await accounts.LoginAsync(body.Username, body.Password, client, http.RequestAborted);
            var csrf = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            await http.SignInAsync(Auth.Cookie, Auth.CookiePrincipal(login.Account.Id, login.SessionSecret, csrf));
            LoginDefence.RememberDevice(http, login.Account.Id, client);
            return await Session(db, login.Account, login.Actor, csrf, http.RequestAborted);
        }).AllowAnonymous().WithLoginDefence(LoginDefence.Login).WithName("Login");

        api.MapGet("/session", async (HttpContext http, ChangxiaoDb db) =>
        {
            var actor = await http.ActorAsync();
            var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == actor.AccountId, http.RequestAborted);
            return await Session(db, account, actor, Auth.CsrfToken(http.User), http.RequestAborted);
        }).WithName("GetSession");

        api.MapDelete("/session", async (HttpContext http, AccountService accounts) =>
        {
            // The session ends on the server: the cookie, replayed, is worth nothing.
            await accounts.EndSessionAsync(await http.ActorAsync(), Auth.SessionSecret(http.User), http.RequestAborted);
            await http.SignOutAsync(Auth.Cookie);
            return TypedResults.NoContent();
        }).WithName("Logout");

        return api;
    }

    private static async Task<SessionDto> Session(ChangxiaoDb db, AccountRow account, Actor actor, string? csrf, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == account.PersonId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        var unitIds = actor.Grants.Select(g => g.UnitId).ToList();
        var names = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        return new SessionDto(new SessionAccount(account.Id, account.Username, account.PersonId, person),
            actor.Grants.Select(g => new SessionGrant(g.Role, g.UnitId, names.GetValueOrDefault(g.UnitId), g.Subtree)).ToList(),
            actor.PermissionNames.ToList(), csrf);
    }

    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/accounts", async (string? q, int? page, int? pageSize, HttpContext http, ChangxiaoDb db) =>
        {
            var s = new Scoped(db, await http.ActorAsync());
            s.Require(Permissions.AccountRead);
            var rows = from a in s.Accounts()
                       join p in db.People on a.PersonId equals p.Id
                       join u in db.Units on p.UnitId equals u.Id
                       select new { a, PersonName = p.Name, UnitName = u.Name };
            if (!string.IsNullOrWhiteSpace(q))
            {
                var t = q.Trim();
                rows = rows.Where(x => x.a.Username.Contains(t) || x.PersonName.Contains(t));
            }
            var size = Math.Clamp(pageSize ?? 20, 1, 200);
            var total = await rows.LongCountAsync(http.RequestAborted);
            var items = await rows.OrderBy(x => x.a.Username).Skip((Math.Max(page ?? 1, 1) - 1) * size).Take(size).ToListAsync(http.RequestAborted);
            return new Page<AccountDto>(items.Select(x => ToDto(x.a, x.PersonName, x.UnitName)).ToList(), total);
        }).WithName("ListAccounts");

        api.MapGet("/accounts/{id:guid}", async (Guid id, HttpContext http, ChangxiaoDb db) =>
            await Dto(db, await new Scoped(db, await http.ActorAsync()).AccountAsync(id, ct: http.RequestAborted), http.RequestAborted))
            .WithName("GetAccount");

        api.MapPost("/accounts", async (AccountBody body, HttpContext http, AccountService accounts, ChangxiaoDb db) =>
        {
            var a = await accounts.CreateAsync(await http.ActorAsync(), body.Username, body.PersonId, body.Password, http.RequestAborted);
            return TypedResults.Created($"/api/v1/accounts/{a.Id}", await Dto(db, a, http.RequestAborted));
        }).WithLoginDefence(null).WithName("CreateAccount");

        api.MapPut("/accounts/{id:guid}", async (Guid id, AccountUpdateBody body, HttpContext http, AccountService accounts, ChangxiaoDb db) =>
            await Dto(db, await accounts.UpdateAsync(await http.ActorAsync(), id, body.Disabled, body.Password, http.RequestAborted), http.RequestAborted))
            .WithLoginDefence(null).WithName("UpdateAccount");

        // An administrator's (or one's own) "sign out everywhere": every session ends, every token is revoked.
        api.MapPost("/accounts/{id:guid}/sign-out-everywhere", async (Guid id, HttpContext http, AccountService accounts) =>
        {
            var actor = await http.ActorAsync();
            await accounts.SignOutEverywhereAsync(actor, id, http.RequestAborted);
            if (actor.AccountId == id) await http.SignOutAsync(Auth.Cookie);
            return TypedResults.NoContent();
        }).WithName("SignOutEverywhere");

        api.MapPost("/accounts/{id:guid}/unlock", async (Guid id, HttpContext http, AccountService accounts, ChangxiaoDb db) =>
            await Dto(db, await accounts.UnlockAsync(await http.ActorAsync(), id, http.RequestAborted), http.RequestAborted))
            .WithName("UnlockAccount");

        api.MapGet("/tokens", async (HttpContext http, ChangxiaoDb db) =>
        {
            var actor = await http.ActorAsync();
            var rows = await db.ApiTokens.AsNoTracking().Where(t => t.AccountId == actor.AccountId).OrderByDescending(t => t.CreatedAtMs).ToListAsync(http.RequestAborted);
            return rows.Select(t => new TokenDto(t.Id, t.Name, DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedAtMs), t.Revoked));
        }).WithName("ListTokens");

        api.MapPost("/tokens", async (TokenBody body, HttpContext http, AccountService accounts) =>
        {
            var (row, token) = await accounts.IssueTokenAsync(await http.ActorAsync(), body.Name, body.Roles, body.ReadOnly, http.RequestAborted);
            return TypedResults.Created($"/api/v1/tokens/{row.Id}", new NewTokenDto(row.Id, row.Name, token));
        }).WithLoginDefence(LoginDefence.Tokens).WithName("IssueToken");

        api.MapDelete("/tokens/{id:guid}", async (Guid id, HttpContext http, AccountService accounts) =>
        {
            await accounts.RevokeTokenAsync(await http.ActorAsync(), id, http.RequestAborted);
            return TypedResults.NoContent();
        }).WithName("RevokeToken");

        return api;
    }

    private static async Task<AccountDto> Dto(ChangxiaoDb db, AccountRow a, CancellationToken ct)
    {
        var x = await (from p in db.People join u in db.Units on p.UnitId equals u.Id where p.Id == a.PersonId select new { p.Name, Unit = u.Name }).FirstOrDefaultAsync(ct);
        return ToDto(a, x?.Name, x?.Unit);
    }

    private static AccountDto ToDto(AccountRow a, string? person, string? unit) =>
        new(a.Id, a.Username, a.PersonId, person, unit, a.Disabled, Ms.ToTime(a.LockedUntilMs), a.FailedLogins, Ms.ToTime(a.LastLoginAtMs));
}
