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
        await SeedMattersAsync(sp, ct);
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

    /// <summary>
    /// Gives the administrator every pack role over the county and, once, opens a few matters of each
    /// kind that can be opened directly — so the console's matter pages have something to show.
    /// </summary>
    private static async Task SeedMattersAsync(IServiceProvider sp, CancellationToken ct)
    {
        using var scope = sp.CreateScope();
        var s = scope.ServiceProvider;
        var db = s.GetRequiredService<ChangxiaoDb>();
        var packs = s.GetRequiredService<Store.Matters.PackCatalog>();
        if (packs.Current.Count == 0) return;
        var admin = await db.Accounts.AsNoTracking().SingleAsync(a => a.Username == "admin", ct);
        var root = await db.Units.AsNoTracking().Where(u => u.ParentId == null).OrderBy(u => u.Code).FirstAsync(ct);
        var org = s.GetRequiredService<OrgService>();
        var held = await db.RoleAssignments.AsNoTracking().Where(r => r.PersonId == admin.PersonId).Select(r => r.Role).ToListAsync(ct);
        foreach (var pack in packs.Current)
            foreach (var role in pack.Roles.Keys.Select(r => Store.Matters.PackCatalog.RoleKey(pack.Id, r)).Except(held))
                await org.AssignRoleAsync(Actor.System("demo"), admin.PersonId, role, root.Id, subtree: true, ct);
        if (await db.Set<Store.Model.MatterRow>().AnyAsync(ct)) return;

        // Inspectors for the inspection programmes: three people from each of the first eight top-level units.
        if (packs.CurrentOf("inspections")?.Roles.ContainsKey("inspector") == true)
        {
            var tops = await db.Units.AsNoTracking().Where(u => u.Depth == 1).OrderBy(u => u.Code).Take(8).Select(u => u.Path).ToListAsync(ct);
            foreach (var path in tops)
            {
                var pick = await (from p in db.People.AsNoTracking() join u in db.Units.AsNoTracking() on p.UnitId equals u.Id
                                  where u.Path.StartsWith(path) orderby p.Code select p.Id).Take(3).ToListAsync(ct);
                foreach (var person in pick)
                    await org.AssignRoleAsync(Actor.System("demo"), person, "inspections/inspector", root.Id, subtree: true, ct);
            }
        }

        var people = await db.People.AsNoTracking().OrderBy(p => p.Code).Take(50).Select(p => p.Id).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.Depth >= 1).OrderBy(u => u.Code).Take(20).Select(u => u.Id).ToListAsync(ct);
        await SeedHistoryAsync(s, packs, people, units, admin.PersonId, ct);
    }

    /// <summary>
    /// A county with a history: for each kind that can be opened directly, matters opened on working days over the last
    /// six weeks, each then taken a few steps along its workflow on later working days — so lists, warning colours,
    /// "my work" and on-time rates look like a running county's. The clock of these writes is the simulated day (the
    /// journal says when each step happened); the server's sweep then brings every ladder up to today.
    /// </summary>
    private static async Task SeedHistoryAsync(IServiceProvider s, Store.Matters.PackCatalog packs, List<Guid> people, List<Guid> units, Guid admin,
        CancellationToken ct)
    {
        var db = s.GetRequiredService<ChangxiaoDb>();
        var calendar = s.GetRequiredService<Kernel.Calendar.WorkCalendar>();
        var cipher = s.GetRequiredService<Store.Matters.FieldCipher>();
        var clock = new SimulatedClock();
        var writer = new Writer(db, clock, s.GetService<Kernel.Notifications.NotificationRoutes>(), cipher, packs, calendar);
        var matters = new Store.Matters.MatterService(db, writer, packs, calendar, clock, cipher);
        var demo = Actor.System("demo");
        var today = Kernel.Calendar.ChinaDate.Today();
        var rng = new Random(7);
        object? Value(Kernel.Packs.MatterKind kind, Kernel.Packs.FieldDef f, DateOnly on, int n) => f.Type switch
        {
            Kernel.Packs.FieldType.Choice => f.Options[rng.Next(f.Options.Count)],
            Kernel.Packs.FieldType.Date => on.AddDays(rng.Next(5, 40)).ToString("yyyy-MM-dd"),
            Kernel.Packs.FieldType.Number => 1 + rng.Next(9),
            Kernel.Packs.FieldType.Money => 1000 * (1 + rng.Next(50)),
            Kernel.Packs.FieldType.Bool => rng.Next(4) == 0,
            Kernel.Packs.FieldType.Person => people[rng.Next(people.Count)].ToString(),
            Kernel.Packs.FieldType.Unit => units[rng.Next(units.Count)].ToString(),
            Kernel.Packs.FieldType.Text => $"演示：{kind.Title.Zh}（第{n}件）",
            _ => null, // attachments, lists, links: left empty
        };
        System.Text.Json.Nodes.JsonNode? Json(object? v) => v switch
        {
            null => null,
            string t => t,
            int i => i,
            bool b => b,
            _ => System.Text.Json.Nodes.JsonValue.Create(Convert.ToDecimal(v, System.Globalization.CultureInfo.InvariantCulture)),
        };

        foreach (var pack in packs.Current)
            foreach (var kind in pack.Kinds.Values)
                for (var n = 1; n <= 8; n++)
                {
                    var day = calendar.PreviousWorkingDayOrSame(today.AddDays(-rng.Next(0, 42)));
                    clock.Day = day;
                    var fields = kind.Fields.Values.Where(f => f.Required).ToDictionary(f => f.Code, f => Json(Value(kind, f, day, n)));
                    Guid id;
                    try
                    {
                        (id, _) = await matters.OpenAsync(demo, pack.Id, kind.Code, new Kernel.Matters.OpenInput(fields, null, units[rng.Next(units.Count)]), ct: ct);
                    }
                    catch (Exception e) when (e is Kernel.Rules.BusinessRuleException or Kernel.Rules.FieldErrorsException or Kernel.Rules.NotFoundException)
                    {
                        break; // a kind that cannot be opened directly (another matter opens it): skip it
                    }

                    for (var steps = rng.Next(0, 5); steps > 0; steps--)
                    {
                        day = calendar.AddWorkingDays(day, 1 + rng.Next(0, 7));
                        if (day > today) break;
                        clock.Day = day;
                        var (_, snapshot, p, _) = await matters.GetAsync(demo, id, ct);
                        var available = Kernel.Matters.MatterEngine.Available(p, snapshot, Kernel.Matters.ActingAs.System("demo"))
                            .Where(a => a.Signoff.All(x => x.Kind == Kernel.Packs.ActorSpecKind.Party)).ToList();
                        if (available.Count == 0) break;
                        var action = available[rng.Next(available.Count)];
                        var k = p.Kinds[snapshot.Kind];
                        var actFields = new Dictionary<string, System.Text.Json.Nodes.JsonNode?>();
                        var parties = new Dictionary<string, IReadOnlyList<Guid>>();
                        var used = new HashSet<Guid>();
                        foreach (var code in action.Requires.Concat(action.Sets).Distinct())
                        {
                            if (k.Fields.TryGetValue(code, out var f) && !snapshot.HasField(code) && Json(Value(k, f, day, n)) is { } v) actFields[code] = v;
                            else if (k.Parties.ContainsKey(code) && snapshot.PartyOf(code).Count == 0)
                            {
                                // The demo's administrator takes a share of the parties, so that "my work" has work in it.
                                var person = !used.Contains(admin) && rng.Next(3) == 0
                                    ? admin
                                    : people.Where(x => !used.Contains(x)).ElementAt(rng.Next(people.Count(x => !used.Contains(x))));
                                used.Add(person);
                                parties[code] = [person];
                            }
                        }
                        // Each party sign-off is signed by that party's person (after this action's changes).
                        var signers = action.Signoff.Select(x => parties.TryGetValue(x.Code, out var ids) ? ids[0] : snapshot.PartyOf(x.Code).FirstOrDefault()).ToList();
                        try
                        {
                            await matters.ActAsync(demo, id, action.Code,
                                new Kernel.Matters.ActInput(actFields, parties, signers.Count == 0 ? null : signers.ToArray(), Confirmed: true, Comment: null), ct);
                        }
                        catch (Exception e) when (e is Kernel.Rules.BusinessRuleException or Kernel.Rules.FieldErrorsException or Kernel.Rules.NotFoundException)
                        {
                            break; // this path needs something the demo does not make up (a linked matter, a role's signature)
                        }
                    }
                }
    }

    /// <summary>The demo history's clock: 10:00 in Beijing on the simulated day.</summary>
    private sealed class SimulatedClock : TimeProvider
    {
        public DateOnly Day { get; set; } = Kernel.Calendar.ChinaDate.Today();

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(Day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
    }
}
