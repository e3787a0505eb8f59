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

    /// <summary>
    /// Creates the county if the database is new, then gives the demo accounts fresh passwords. Returns the pack catalog the
    /// database now runs and the logins to print. A new county is founded six weeks back and lives through them day by day
    /// (its facts recorded at those days), so that its journal reads in time order up to today.
    /// </summary>
    public static async Task<(Store.Matters.PackCatalog Packs, IReadOnlyList<(string User, string Password, string What)> Logins)> EnsureAsync(
        Hosting.Settings settings, int people, CancellationToken ct)
    {
        await Store.Database.MigrateAsync(settings.Store, ct);
        bool fresh;
        await using (var db = Store.Database.Open(settings.Store)) fresh = !await db.Journal.AnyAsync(ct);
        var past = new DemoClock(Kernel.Calendar.ChinaDate.Today().AddDays(-HistoryDays - 3));
        var packs = await Hosting.ServiceSetup.PrepareAsync(settings, ct, fresh ? past : null);
        if (fresh)
        {
            await using var sp = Hosting.ServiceSetup.BuildCliServices(settings, packs, past);
            using (var scope = sp.CreateScope())
            {
                var file = DemoCounty.Generate(people);
                await scope.ServiceProvider.GetRequiredService<OrgImporter>().ImportAsync(Actor.System("demo"), file, ct: ct);
            }
            await CreateAccountsAsync(sp, NewPassword(), NewPassword(), ct);
            await SeedMattersAsync(sp, past, ct);
        }
        // Today, at today's time: fresh passwords, and the pack roles of packs added since.
        await using var now = Hosting.ServiceSetup.BuildCliServices(settings, packs);
        var (adminPw, townshipPw) = (NewPassword(), NewPassword());
        var township = await CreateAccountsAsync(now, adminPw, townshipPw, ct);
        await GrantPackRolesAsync(now, ct);
        var logins = new List<(string, string, string)> { ("admin", adminPw, "系统管理员，全县 / system administrator, whole county") };
        if (township is not null) logins.Add(("zhen01", townshipPw, $"组织管理员，仅 {township} / org administrator of one township"));
        return (packs, logins);
    }

    /// <summary>The days of simulated history a new demo county gets.</summary>
    private const int HistoryDays = 42;

    /// <summary>The county administrator, and the first township's organisation administrator; returns that township's name.</summary>
    private static async Task<string?> CreateAccountsAsync(IServiceProvider sp, string adminPassword, string townshipPassword, CancellationToken ct)
    {
        await CreateAdminAsync(sp, "admin", adminPassword, "系统管理员", null, SystemRoles.Sysadmin.Code, ct);
        using var scope = sp.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ChangxiaoDb>();
        var township = await db.Units.AsNoTracking().Where(u => u.Kind == "township").OrderBy(u => u.Code).FirstOrDefaultAsync(ct);
        if (township is null) return null;
        await CreateAdminAsync(sp, "zhen01", townshipPassword, "乡镇组织管理员", township.Code, SystemRoles.OrgAdmin.Code, ct);
        return township.Name;
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

    /// <summary>Gives the administrator every pack role over the county (the packs may have changed since the last start).</summary>
    private static async Task GrantPackRolesAsync(IServiceProvider sp, CancellationToken ct)
    {
        using var scope = sp.CreateScope();
        var s = scope.ServiceProvider;
        var db = s.GetRequiredService<ChangxiaoDb>();
        var (admin, root) = await AdminAndRootAsync(db, ct);
        var held = await db.RoleAssignments.AsNoTracking().Where(r => r.PersonId == admin).Select(r => r.Role).ToListAsync(ct);
        foreach (var pack in s.GetRequiredService<Store.Matters.PackCatalog>().Current)
            foreach (var role in pack.Roles.Keys.Select(r => Store.Matters.PackCatalog.RoleKey(pack.Id, r)).Except(held))
                await s.GetRequiredService<OrgService>().AssignRoleAsync(Actor.System("demo"), admin, role, root, subtree: true, ct);
    }

    /// <summary>The demo administrator's person, and the county (the root unit).</summary>
    private static async Task<(Guid Admin, Guid Root)> AdminAndRootAsync(ChangxiaoDb db, CancellationToken ct) =>
        (await db.Accounts.AsNoTracking().Where(a => a.Username == "admin").Select(a => a.PersonId).SingleAsync(ct),
         await db.Units.AsNoTracking().Where(u => u.ParentId == null).OrderBy(u => u.Code).Select(u => u.Id).FirstAsync(ct));

    /// <summary>The new county's matters: the administrator's pack roles, inspectors for the programmes, then its history.</summary>
    private static async Task SeedMattersAsync(IServiceProvider sp, DemoClock clock, CancellationToken ct)
    {
        if (sp.GetRequiredService<Store.Matters.PackCatalog>().Current.Count == 0) return;
        await GrantPackRolesAsync(sp, ct);
        using var scope = sp.CreateScope();
        var s = scope.ServiceProvider;
        var db = s.GetRequiredService<ChangxiaoDb>();
        var packs = s.GetRequiredService<Store.Matters.PackCatalog>();
        var (admin, root) = await AdminAndRootAsync(db, ct);
        var org = s.GetRequiredService<OrgService>();

        // Inspectors for the inspection programmes: three people from each of the first eight top-level units.
        if (packs.CurrentOf("inspections")?.Roles.ContainsKey("inspector") == true)
        {
            var tops = await db.Units.AsNoTracking().Where(u => u.Depth == 1).OrderBy(u => u.Code).Take(8).Select(u => u.Path).ToListAsync(ct);
            foreach (var path in tops)
            {
                var pick = await (from p in db.People.AsNoTracking() join u in db.Units.AsNoTracking() on p.UnitId equals u.Id
                                  where u.Path.StartsWith(path) orderby p.Code select p.Id).Take(3).ToListAsync(ct);
                foreach (var person in pick)
                    await org.AssignRoleAsync(Actor.System("demo"), person, "inspections/inspector", root, subtree: true, ct);
            }
        }

        var people = await db.People.AsNoTracking().OrderBy(p => p.Code).Take(50).Select(p => p.Id).ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => u.Depth >= 1).OrderBy(u => u.Code).Take(20).Select(u => u.Id).ToListAsync(ct);
        await SeedHistoryAsync(s, packs, people, units, admin, clock, ct);
    }

    /// <summary>
    /// A county with a history: for each kind that can be opened directly, matters opened on working days over the last
    /// six weeks, each then taken a few steps along its workflow on later working days — so lists, warning colours,
    /// "my work" and on-time rates look like a running county's. Everything happens in day order on the simulated clock
    /// (the journal says when each step happened); the server's sweep then brings every ladder up to today.
    /// </summary>
    private static async Task SeedHistoryAsync(IServiceProvider s, Store.Matters.PackCatalog packs, List<Guid> people, List<Guid> units, Guid admin,
        DemoClock clock, CancellationToken ct)
    {
        var calendar = s.GetRequiredService<Kernel.Calendar.WorkCalendar>();
        var matters = s.GetRequiredService<Store.Matters.MatterService>();
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

        // The plan: eight matters of each kind, each opened on a working day and moved on on later ones.
        var plan = new List<(Kernel.Packs.Pack Pack, Kernel.Packs.MatterKind Kind, int N, DateOnly Opened, List<DateOnly> Steps)>();
        foreach (var pack in packs.Current)
            foreach (var kind in pack.Kinds.Values)
                for (var n = 1; n <= 8; n++)
                {
                    var day = calendar.PreviousWorkingDayOrSame(today.AddDays(-rng.Next(0, HistoryDays)));
                    var steps = new List<DateOnly>();
                    for (var (count, next) = (rng.Next(0, 5), calendar.AddWorkingDays(day, 1 + rng.Next(0, 7)));
                         count > 0 && next <= today; count--, next = calendar.AddWorkingDays(next, 1 + rng.Next(0, 7)))
                        steps.Add(next);
                    plan.Add((pack, kind, n, day, steps));
                }
        var events = plan.SelectMany((m, i) => m.Steps.Select((day, k) => (Day: day, Matter: i, Step: k)).Prepend((Day: m.Opened, Matter: i, Step: -1)))
            .OrderBy(e => e.Day).ThenBy(e => e.Matter).ThenBy(e => e.Step).ToList(); // day by day: the journal reads in time order

        var ids = new Guid?[plan.Count];
        var done = new bool[plan.Count];
        var unopenable = new HashSet<Kernel.Packs.MatterKind>();
        foreach (var (day, i, step) in events)
        {
            var (pack, kind, n, _, _) = plan[i];
            clock.Day = day;
            if (step < 0)
            {
                if (unopenable.Contains(kind)) continue;
                var fields = kind.Fields.Values.Where(f => f.Required).ToDictionary(f => f.Code, f => Json(Value(kind, f, day, n)));
                try
                {
                    (ids[i], _) = await matters.OpenAsync(demo, pack.Id, kind.Code, new Kernel.Matters.OpenInput(fields, null, units[rng.Next(units.Count)]), ct: ct);
                }
                catch (Exception e) when (e is Kernel.Rules.BusinessRuleException or Kernel.Rules.FieldErrorsException or Kernel.Rules.NotFoundException)
                {
                    unopenable.Add(kind); // a kind that cannot be opened directly (another matter opens it): skip it
                }
                continue;
            }
            if (ids[i] is not { } id || done[i]) continue;
            var (_, snapshot, p, _) = await matters.GetAsync(demo, id, ct);
            var available = Kernel.Matters.MatterEngine.Available(p, snapshot, Kernel.Matters.ActingAs.System("demo"))
                .Where(a => a.Signoff.All(x => x.Kind == Kernel.Packs.ActorSpecKind.Party)).ToList();
            if (available.Count == 0)
            {
                done[i] = true;
                continue;
            }
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
            var signers = action.Signoff.Select(x => parties.TryGetValue(x.Code, out var ids2) ? ids2[0] : snapshot.PartyOf(x.Code).FirstOrDefault()).ToList();
            try
            {
                await matters.ActAsync(demo, id, action.Code,
                    new Kernel.Matters.ActInput(actFields, parties, signers.Count == 0 ? null : signers.ToArray(), Confirmed: true, Comment: null), ct);
            }
            catch (Exception e) when (e is Kernel.Rules.BusinessRuleException or Kernel.Rules.FieldErrorsException or Kernel.Rules.NotFoundException)
            {
                done[i] = true; // this path needs something the demo does not make up (a linked matter, a role's signature)
            }
        }
    }

    /// <summary>
    /// A new demo county's clock: 10:00 in Beijing on the simulated day — never later than now, so that what the server
    /// records afterwards comes after it in time as it does in the journal.
    /// </summary>
    private sealed class DemoClock(DateOnly day) : TimeProvider
    {
        public DateOnly Day { get; set; } = day;

        public override DateTimeOffset GetUtcNow()
        {
            var at = new DateTimeOffset(Day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
            var now = System.GetUtcNow();
            return at < now ? at : now;
        }
    }
}
