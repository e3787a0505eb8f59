using System.Net;
using System.Net.Http.Json;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Api;

/// <summary>
/// No one grants what they do not hold: not a pack role (which would let an org administrator read complainants'
/// names), not a system role over more than the granter's own reach, and nobody anything to themselves.
/// </summary>
public abstract class GrantTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    private const string Intake = "efficiency-complaints/intake";

    private async Task<Guid> PersonOf(string username)
    {
        await using var db = app.Database.Open();
        return await db.Accounts.Where(a => a.Username == username).Select(a => a.PersonId).SingleAsync();
    }

    private async Task<int> AssignmentsOf(Guid person)
    {
        await using var db = app.Database.Open();
        return await db.RoleAssignments.CountAsync(r => r.PersonId == person);
    }

    /// <summary>A new person in <paramref name="unit"/> with an account holding <paramref name="grants"/>; returns their username.</summary>
    private async Task<string> AccountWith(Guid unit, params (string Role, Guid Unit, bool Subtree)[] grants)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var sys = Actor.System("test");
        await app.ScopeAsync(async sp =>
        {
            var org = sp.GetRequiredService<OrgService>();
            var person = await org.CreatePersonAsync(sys, new PersonInput("G" + tag, "授权测试" + tag, unit, null, null));
            await sp.GetRequiredService<AccountService>().CreateAsync(sys, "g" + tag, person.Id, TestApp.Password);
            foreach (var (role, on, subtree) in grants) await org.AssignRoleAsync(sys, person.Id, role, on, subtree);
            return 0;
        });
        return "g" + tag;
    }

    [Fact]
    public async Task AssignPackRole_OrgAdminToItself_403NothingWritten()
    {
        var a = await app.LoginAsync("a-admin");
        var self = await PersonOf("a-admin");
        var before = await AssignmentsOf(self);

        var p = await a.PostAsJsonAsync("/api/v1/role-assignments", new { personId = self, role = Intake, unitId = app.TownA, subtree = true })
            .Problem(HttpStatusCode.Forbidden);

        Assert.Equal("forbidden", p["code"]!.GetValue<string>());
        Assert.Equal(before, await AssignmentsOf(self));
    }

    [Fact]
    public async Task AssignPackRole_OrgAdminToColleague_403NothingWritten()
    {
        var a = await app.LoginAsync("a-admin");
        var before = await AssignmentsOf(app.PersonA);

        foreach (var (role, unit, subtree) in new[] { (Intake, app.TownA, true), (Intake, app.SectionA, false), ("tp/intake", app.SectionA, false) })
            await a.PostAsJsonAsync("/api/v1/role-assignments", new { personId = app.PersonA, role, unitId = unit, subtree })
                .Problem(HttpStatusCode.Forbidden);

        Assert.Equal(before, await AssignmentsOf(app.PersonA));
    }

    [Fact]
    public async Task AssignSystemRole_PermissionHeldOnlyOverATownship_RefusedOverTheCounty()
    {
        // role.assign over the whole county, but journal.read (an auditor's) only over 东岭镇.
        var wide = await AccountWith(app.County, ("org-admin", app.County, true), ("auditor", app.TownA, true));
        var http = await app.LoginAsync(wide);
        var before = await AssignmentsOf(app.PersonB);

        await http.PostAsJsonAsync("/api/v1/role-assignments", new { personId = app.PersonB, role = "auditor", unitId = app.County, subtree = true })
            .Problem(HttpStatusCode.Forbidden);
        await http.PostAsJsonAsync("/api/v1/role-assignments", new { personId = app.PersonB, role = "auditor", unitId = app.TownB, subtree = false })
            .Problem(HttpStatusCode.Forbidden);

        Assert.Equal(before, await AssignmentsOf(app.PersonB));
        // Where it does hold journal.read, it may hand it on.
        await http.PostAsJsonAsync("/api/v1/role-assignments", new { personId = app.PersonA, role = "auditor", unitId = app.SectionA, subtree = true })
            .OkJson(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AssignSystemRole_SubtreeFromASingleUnitHold_Refused()
    {
        var single = await AccountWith(app.TownA, ("org-admin", app.TownA, false));
        var http = await app.LoginAsync(single);
        var colleague = await PersonOf(await AccountWith(app.TownA));

        await http.PostAsJsonAsync("/api/v1/role-assignments", new { personId = colleague, role = "org-admin", unitId = app.TownA, subtree = true })
            .Problem(HttpStatusCode.Forbidden);
        var created = await http.PostAsJsonAsync("/api/v1/role-assignments", new { personId = colleague, role = "org-admin", unitId = app.TownA, subtree = false })
            .OkJson(HttpStatusCode.Created);

        Assert.False(created["subtree"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AssignPackRole_SysadminToAColleagueInScope_Created_ToItself_403()
    {
        var root = await app.LoginAsync("root");
        var self = await PersonOf("root");
        var colleague = await PersonOf(await AccountWith(app.SectionB));

        var created = await root.PostAsJsonAsync("/api/v1/role-assignments", new { personId = colleague, role = Intake, unitId = app.TownB, subtree = true })
            .OkJson(HttpStatusCode.Created);
        await root.PostAsJsonAsync("/api/v1/role-assignments", new { personId = self, role = Intake, unitId = app.County, subtree = true })
            .Problem(HttpStatusCode.Forbidden);

        Assert.Equal(Intake, created["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task AssignPackRole_HolderWithRoleAssign_HandsItOnWithinItsReach()
    {
        var holder = await AccountWith(app.TownA, ("org-admin", app.TownA, true), (Intake, app.TownA, true));
        var http = await app.LoginAsync(holder);

        await http.PostAsJsonAsync("/api/v1/role-assignments", new { personId = app.PersonA, role = Intake, unitId = app.SectionA, subtree = true })
            .OkJson(HttpStatusCode.Created);
        await http.PostAsJsonAsync("/api/v1/role-assignments", new { personId = app.PersonA, role = "efficiency-complaints/center-head", unitId = app.SectionA, subtree = true })
            .Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AssignSystemRole_OrgAdminWithinOwnTownship_Created()
    {
        var a = await app.LoginAsync("a-admin");
        var colleague = await PersonOf(await AccountWith(app.SectionA));

        var created = await a.PostAsJsonAsync("/api/v1/role-assignments", new { personId = colleague, role = "org-admin", unitId = app.SectionA, subtree = true })
            .OkJson(HttpStatusCode.Created);

        Assert.Equal("org-admin", created["role"]!.GetValue<string>());
    }
}

public sealed class GrantTests_Sqlite(SqliteApp app) : GrantTests<SqliteApp>(app);

public sealed class GrantTests_Postgres(PostgresApp app) : GrantTests<PostgresApp>(app);
