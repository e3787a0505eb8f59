using System.Security.Cryptography;
using Changxiao.Import;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store;
using Changxiao.Store.Services;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Cli;

/// <summary>Seeds the demo county and the administrator accounts; everything goes through the kernel like any command.</summary>
public static class DemoSeed
{
    public static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 10);
        return "cx-" + new string(chars) + "8"; // ends in a digit: the password rule wants letters and digits
    }

    /// <summary>Creates the county if the database is empty; gives the demo accounts fresh passwords. Returns the logins to print.</summary>
    public static async Task<IReadOnlyList<(string User, string Password, string What)>> EnsureAsync(IServiceProvider sp, int people, CancellationToken ct)
    {
        using (var scope = sp.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChangxiaoDb>();
            if (!await db.Units.AnyAsync(ct))
            {
                var file = DemoCounty.Generate(people);
                await scope.ServiceProvider.GetRequiredService<OrgImporter>().ImportAsync(Actor.System("demo"), file, ct: ct);
            }
        }
        var logins = new List<(string, string, string)>();
        var adminPw = NewPassword();
        await CreateAdminAsync(sp, "admin", adminPw, "系统管理员", null, SystemRoles.Sysadmin.Code, ct);
        logins.Add(("admin", adminPw, "系统管理员，全县 / system administrator, whole county"));
        using (var scope = sp.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChangxiaoDb>();
            var township = await db.Units.AsNoTracking().Where(u => u.Kind == "township").OrderBy(u => u.Code).FirstOrDefaultAsync(ct);
            if (township is not null)
            {
                var pw = NewPassword();
                await CreateAdminAsync(sp, "zhen01", pw, "乡镇组织管理员", township.Code, SystemRoles.OrgAdmin.Code, ct);
                logins.Add(("zhen01", pw, $"组织管理员，仅 {township.Name} / org administrator of one township"));
            }
        }
        return logins;
    }

    /// <summary>
    /// Makes sure USERNAME exists with PASSWORD and ROLE over UNIT's subtree (default: the root unit).
    /// An existing account only gets the new password.
    /// </summary>
    public static async Task CreateAdminAsync(IServiceProvider sp, string username, string password, string name, string? unitCode, string role, CancellationToken ct)
    {
        using var scope = sp.CreateScope();
        var s = scope.ServiceProvider;
        var db = s.GetRequiredService<ChangxiaoDb>();
        var system = Actor.System("cli:admin");
        var existing = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Username == username, ct);
        if (existing is not null)
        {
            await s.GetRequiredService<AccountService>().UpdateAsync(system, existing.Id, disabled: false, password, ct);
            await s.GetRequiredService<AccountService>().UnlockAsync(system, existing.Id, ct);
            return;
        }
        var org = s.GetRequiredService<OrgService>();
        var unit = unitCode is not null
            ? await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Code == unitCode, ct)
              ?? throw new ArgumentException($"--unit: 找不到单位编码 {unitCode}")
            : await db.Units.AsNoTracking().Where(u => u.ParentId == null).OrderBy(u => u.Code).FirstOrDefaultAsync(ct);
        unit ??= await org.CreateUnitAsync(system, new UnitInput("ROOT", "根单位", "county", null), ct);
        var code = "ADM-" + username;
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct)
                     ?? await org.CreatePersonAsync(system, new PersonInput(code, name, unit.Id, null, null), ct);
        await s.GetRequiredService<AccountService>().CreateAsync(system, username, person.Id, password, ct);
        await org.AssignRoleAsync(system, person.Id, role, unit.Id, subtree: true, ct);
    }
}
