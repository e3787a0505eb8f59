using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Org;
using Changxiao.Notifications;
using Changxiao.Portal;
using Changxiao.Store;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Changxiao.Tests.Infrastructure;
using Changxiao.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Api.Probe;

/// <summary>A matter the probe aims at: its id and what its kind offers (actions, fields, attachments).</summary>
public sealed record MatterCase(Guid Id, string Pack, string Kind, IReadOnlyList<string> Actions, IReadOnlyList<string> Fields, IReadOnlyList<string> Attachments);

/// <summary>
/// The test server for the authorisation probe. On top of <see cref="TestApp"/>'s county (青溪县 → 东岭镇 A, 西岭镇 B) it
/// fills township B with one of everything — units, people, posts, accounts, role assignments, API tokens, matters of three
/// packs in every interesting state (red, yellow, closed, listed in the bulletin, published, with a talk derived from it),
/// a citizen's attachment and confidential fields, notifications — each carrying a marker (乙镇机密-…) no one outside B may
/// ever read. Township A gets the probe's actors: <c>a-admin</c> (org-admin, from TestApp), <c>a-officer</c> (officer and
/// every pack role over A) and <c>a-subject</c> (org-admin, officer and every pack role over A, and the recused subject of
/// a complaint filed in A). Citizens' submissions go to B (<c>Portal:Unit</c> = C-B), so the portal's matter lands there.
/// The clock ends on Tuesday 2025-10-14, after sweeps on the way.
/// </summary>
public abstract class ProbeApp : PortalApp
{
    public const string OfficerLogin = "a-officer";
    public const string SubjectLogin = "a-subject";

    /// <summary>What every secret of B starts with; the rest of each marker is unique (乙镇机密-单位-Q7X3…).</summary>
    public const string SecretPrefix = "乙镇机密-";

    /// <summary>What B's published fields (a typical case on the portal) carry: public on the portal, out of A's API.</summary>
    public const string PublicPrefix = "乙镇公开-";

    /// <summary>What the subject's own matter carries: never shown to the subject.</summary>
    public const string SubjectPrefix = "甲镇回避-";

    private readonly string _tag = Guid.NewGuid().ToString("N")[..4].ToUpperInvariant();

    // ---- township B ----------------------------------------------------------------------------
    public Guid SectionB2 { get; private set; }
    public Guid BIntake { get; private set; }
    public Guid BHandler { get; private set; }
    public Guid BChief { get; private set; }
    public Guid BCenter { get; private set; }
    public Guid BPost2 { get; private set; }
    public List<Guid> BTokens { get; } = [];
    public List<MatterCase> BMatters { get; } = [];
    public List<string> BTrackingCodes { get; } = [];
    public string BIntakeLogin => "yz-intake-" + _tag.ToLowerInvariant();

    /// <summary>Secrets that exist only in plaintext outside the read tables (confidential fields, attachment names and bytes).</summary>
    public List<string> BSecrets { get; } = [];

    // ---- township A ----------------------------------------------------------------------------
    public Guid OfficerPerson { get; private set; }
    public Guid SubjectPerson { get; private set; }
    public Guid OwnMatter { get; private set; }
    public MatterCase OwnCase { get; private set; } = null!;
    public Guid OwnUnit2 { get; private set; }
    public Guid OwnPerson2 { get; private set; }
    public Guid OwnPost { get; private set; }
    public MatterCase SubjectMatter { get; private set; } = null!;
    public List<MatterCase> SubjectDerived { get; } = [];
    public List<string> SubjectSecrets { get; } = [];

    public string Secret(string what) => $"{SecretPrefix}{what}-{_tag}";

    private string Public(string what) => $"{PublicPrefix}{what}-{_tag}";

    private string SubjectText(string what) => $"{SubjectPrefix}{what}-{_tag}";

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton(_ => PortalSettings.From(null, Settings) with
        {
            SubmitPerMinute = 1000, TrackPerMinute = 100_000, MaxFiles = 3, MaxFileBytes = 5L * 1024 * 1024, FilesDir = FilesDir, UnitCode = "C-B",
        });
        // Nothing moves in the background while the probe compares the database before and after each call.
        services.AddSingleton(NotificationSettings.None with { Dispatch = false });
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedOrgAsync();
        await SeedTokensAsync();
        await SeedMattersAsync();
    }

    private static readonly Actor Sys = Actor.System("probe-seed");

    private async Task SeedOrgAsync() => await ScopeAsync(async sp =>
    {
        var org = sp.GetRequiredService<OrgService>();
        var accounts = sp.GetRequiredService<AccountService>();
        var packs = sp.GetRequiredService<PackCatalog>();
        SectionB2 = (await org.CreateUnitAsync(Sys, new UnitInput("YZ-" + _tag + "-2", Secret("单位"), "section", TownB))).Id;

        async Task<Guid> Person(string code, string name, Guid unit, string login, params (string Role, Guid Unit)[] roles)
        {
            var p = await org.CreatePersonAsync(Sys, new PersonInput(code, name, unit, "139" + Random.Shared.Next(10_000_000, 99_999_999), code.ToLowerInvariant() + "@probe.test"));
            await accounts.CreateAsync(Sys, login, p.Id, Password);
            foreach (var (role, over) in roles) await org.AssignRoleAsync(Sys, p.Id, role, over, subtree: true);
            return p.Id;
        }

        BIntake = await Person("YZ-" + _tag + "-IN", Secret("受理员"), SectionB2, BIntakeLogin,
            ("tp/intake", TownB), ("efficiency-complaints/intake", TownB), ("election-discipline/intake", TownB),
            ("election-discipline/cadre-supervision", TownB), ("election-discipline/discipline", TownB));
        BHandler = await Person("YZ-" + _tag + "-HD", Secret("承办人"), SectionB, "yz-handler-" + _tag.ToLowerInvariant(), ("officer", TownB));
        BChief = await Person("YZ-" + _tag + "-CH", Secret("负责人"), SectionB, "yz-chief-" + _tag.ToLowerInvariant(), ("officer", TownB));
        BCenter = await Person("YZ-" + _tag + "-CT", Secret("中心负责人"), TownB, "yz-center-" + _tag.ToLowerInvariant(),
            ("efficiency-complaints/center-head", TownB), ("officer", TownB));
        BPost2 = (await org.CreatePostAsync(Sys, new PostInput(SectionB2, Secret("岗位"), "deputy", BHandler))).Id;

        // Township A's actors: an officer with every pack role, and the subject of a complaint with the same and more.
        var everyPackRole = packs.Current.SelectMany(p => p.Roles.Values.Select(r => PackCatalog.RoleKey(p.Id, r.Code))).ToList();
        OfficerPerson = await Person("JZ-OFFICER", "甲镇办事员", SectionA, OfficerLogin,
            [("officer", TownA), .. everyPackRole.Select(r => (r, TownA))]);
        SubjectPerson = await Person("JZ-SUBJECT", "甲镇被投诉人", SectionA, SubjectLogin,
            [("officer", TownA), ("org-admin", TownA), .. everyPackRole.Select(r => (r, TownA))]);
        // A's own objects that the probe sends B's ids to (move under B, into B, held by B's person).
        OwnUnit2 = (await org.CreateUnitAsync(Sys, new UnitInput("C-A-9", "东岭镇探针科", "section", TownA))).Id;
        OwnPerson2 = (await org.CreatePersonAsync(Sys, new PersonInput("JZ-SPARE", "甲镇探针人员", OwnUnit2, null, null))).Id;
        OwnPost = (await org.CreatePostAsync(Sys, new PostInput(OwnUnit2, "探针科科员", "staff", OwnPerson2))).Id;
        return true;
    });

    /// <summary>B's people issue API tokens the way a script would (named with a marker).</summary>
    private async Task SeedTokensAsync()
    {
        foreach (var login in new[] { "b-user", BIntakeLogin })
        {
            using var http = await LoginAsync(login);
            var token = await http.PostAsJsonAsync("/api/v1/tokens", new { name = Secret("令牌-" + login) }).OkJson(HttpStatusCode.Created);
            BTokens.Add(Guid.Parse(token["id"]!.GetValue<string>()));
        }
    }

    private async Task SeedMattersAsync()
    {
        var complaint = await OpenAsync("efficiency-complaints", "complaint", SectionB, new()
        {
            ["channel"] = "投诉电话", ["category"] = "办事拖拉", ["content"] = Secret("效能投诉"),
            ["complainant_name"] = SecretValue("投诉人姓名"), ["complainant_phone"] = SecretValue("投诉人电话"),
        }, new() { ["about_person"] = [PersonB] });

        // A complaint assigned and left to run late (red, then a talk about its handler is derived from it).
        var late = await OpenAsync("tp", "complaint", SectionB, new() { ["content"] = Secret("测试投诉"), ["reporter_phone"] = SecretValue("投诉人电话2") },
            new() { ["subject"] = [PersonB] });
        await ActAsync(late, "assign", new(), new() { ["handler"] = [BHandler], ["in_charge"] = [BChief] });

        // A complaint closed in time: B has closed matters, A has none.
        var closed = await OpenAsync("tp", "complaint", TownB, new() { ["content"] = Secret("已办结投诉"), ["reporter_phone"] = SecretValue("投诉人电话3") }, null);
        await ActAsync(closed, "assign", new(), new() { ["handler"] = [BHandler], ["in_charge"] = [BChief] });
        await ActAsync(closed, "reply", new() { ["reply"] = Secret("答复") }, null, signers: [BHandler, BChief]);
        await ActAsync(closed, "close", new(), null);

        // A citizen's named report with evidence, through the portal (it lands in B): concluded, sanctioned and published.
        var report = await PortalReportAsync();
        await ActAsync(report, "assign", new(), new() { ["handler"] = [BHandler], ["in_charge"] = [BChief] });
        await ActAsync(report, "start", new(), null);
        var evidence = await ScopeAsync(async sp =>
        {
            var row = await sp.GetRequiredService<ChangxiaoDb>().Set<MatterRow>().AsNoTracking().SingleAsync(m => m.Id == report);
            return MatterSnapshotJson.Read(row.Snapshot).Fields["evidence"]!.AsArray()[0]!.GetValue<string>();
        });
        await ActAsync(report, "conclude", new() { ["outcome"] = "属实", ["conclusion"] = Secret("查核报告"), ["report_file"] = evidence }, null,
            signers: [BHandler, BChief]);
        await ActAsync(report, "sanction", new() { ["decision"] = Public("处理决定"), ["violation"] = Public("违纪条款") }, null, confirmed: true);

        // The subject's own matter in A (never to be seen by them), and a plain one in A (the probe's "own" matter).
        var subject = await OpenAsync("tp", "complaint", SectionA, new() { ["content"] = SubjectText("投诉内容"), ["reporter_phone"] = SubjectValue("投诉人电话") },
            new() { ["subject"] = [SubjectPerson] });
        OwnMatter = await OpenAsync("tp", "complaint", SectionA, new() { ["content"] = "甲镇窗口排队时间长" }, null);

        await ScopeAsync(sp => sp.GetRequiredService<Writer>().RunAsync(Sys, w =>
            Task.FromResult(w.Notify(PersonB, Secret("通知标题"), Secret("通知正文"), "/matters/" + late))));

        // Ten working days on: a fresh complaint in B turns yellow while the others go red, into the bulletin, into talks.
        MoveTo(new DateTimeOffset(2025, 10, 9, 1, 0, 0, TimeSpan.Zero));
        await SweepAsync();
        var fresh = await OpenAsync("tp", "complaint", SectionB2, new() { ["content"] = Secret("新投诉") }, null);
        MoveTo(new DateTimeOffset(2025, 10, 14, 1, 0, 0, TimeSpan.Zero));
        await SweepAsync();

        var packs = App.Services.GetRequiredService<PackCatalog>();
        foreach (var id in new[] { complaint, late, closed, report, fresh })
            BMatters.Add(await CaseOfAsync(id, packs));
        SubjectMatter = await CaseOfAsync(subject, packs);
        OwnCase = await CaseOfAsync(OwnMatter, packs);
        await using (var read = Database.Open())
        {
            // What the ladders derived from it (a talk about its handler, carrying the complaint's text) is about them too.
            foreach (var row in await read.Set<MatterRow>().AsNoTracking().ToListAsync())
            {
                if (MatterSnapshotJson.Read(row.Snapshot).Links.Any(l => l.OtherId == subject)) SubjectDerived.Add(await CaseOfAsync(row.Id, packs));
            }
        }
        // Matters the ladders opened from B's (a talk about the late complaint's handler) are B's too.
        await using var db = Database.Open();
        var bPath = (await db.Units.AsNoTracking().SingleAsync(u => u.Id == TownB)).Path;
        var bUnits = await db.Units.AsNoTracking().Where(u => u.Path.StartsWith(bPath)).Select(u => u.Id).ToListAsync();
        var derived = await db.Set<MatterRow>().AsNoTracking().Where(m => bUnits.Contains(m.UnitId)).Select(m => m.Id).ToListAsync();
        foreach (var id in derived.Where(d => BMatters.All(b => b.Id != d)))
            BMatters.Add(await CaseOfAsync(id, packs));
    }

    /// <summary>
    /// B changes in every way the clock allows without moving: a new unit, person, account, post, role and token, a
    /// notification, new matters of three packs (one filed by a citizen), and the yellow complaint taken to closed.
    /// </summary>
    public async Task GrowTownshipBAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..4].ToUpperInvariant();
        var login = "yz-grown-" + tag.ToLowerInvariant();
        var person = await ScopeAsync(async sp =>
        {
            var org = sp.GetRequiredService<OrgService>();
            var unit = (await org.CreateUnitAsync(Sys, new UnitInput("YZ-G-" + tag, Secret("新单位-" + tag), "section", TownB))).Id;
            var p = await org.CreatePersonAsync(Sys, new PersonInput("YZ-GP-" + tag, Secret("新人员-" + tag), unit, "13955550000", null));
            await sp.GetRequiredService<AccountService>().CreateAsync(Sys, login, p.Id, Password);
            await org.CreatePostAsync(Sys, new PostInput(unit, Secret("新岗位-" + tag), "staff", p.Id));
            await org.AssignRoleAsync(Sys, p.Id, "officer", unit, subtree: true);
            await sp.GetRequiredService<Writer>().RunAsync(Sys, w => Task.FromResult(w.Notify(p.Id, Secret("新通知-" + tag), "正文")));
            return p.Id;
        });
        using (var http = await LoginAsync(login))
            await http.PostAsJsonAsync("/api/v1/tokens", new { name = Secret("新令牌-" + tag) }).OkJson(HttpStatusCode.Created);
        await OpenAsync("tp", "complaint", SectionB, new() { ["content"] = Secret("又一投诉-" + tag) }, new() { ["subject"] = [person] });
        await OpenAsync("efficiency-complaints", "complaint", SectionB2, new()
        {
            ["channel"] = "投诉电话", ["category"] = "态度刁蛮", ["content"] = Secret("又一效能投诉-" + tag),
        }, null);
        await OpenAsync("election-discipline", "report", TownB, new() { ["channel"] = "12380", ["content"] = Secret("又一举报-" + tag) }, null);
        var yellow = BMatters.Single(m => m.Pack == "tp" && m.Kind == "complaint" && Title(m.Id).Contains("新投诉")).Id;
        await ActAsync(yellow, "assign", new(), new() { ["handler"] = [BHandler], ["in_charge"] = [BChief] });
        await ActAsync(yellow, "reply", new() { ["reply"] = Secret("又一答复-" + tag) }, null, signers: [BHandler, BChief]);
        await ActAsync(yellow, "close", new(), null);
        var citizen = new PortalClient(Anonymous());
        var page = await citizen.SubmitAsync("tp", "complaint", new Dictionary<string, string> { ["content"] = Secret("群众投诉-" + tag) }, anonymous: true);
        Assert.True(page.Status == HttpStatusCode.OK && page.Code is not null, $"portal submission failed: {(int)page.Status}");
    }

    /// <summary>The matter about the subject moves on: it is assigned (to A's officer, with A's first person in charge).</summary>
    public Task GrowSubjectMatterAsync() =>
        ActAsync(SubjectMatter.Id, "assign", new(), new() { ["handler"] = [OfficerPerson], ["in_charge"] = [PersonA] });

    private string Title(Guid id)
    {
        using var db = Database.Open();
        return db.Set<MatterRow>().AsNoTracking().Single(m => m.Id == id).Title;
    }

    private void MoveTo(DateTimeOffset when)
    {
        if (Time.GetUtcNow() < when) Time.Advance(when - Time.GetUtcNow());
    }

    private Task SweepAsync() => ScopeAsync(async sp =>
    {
        var matters = sp.GetRequiredService<MatterService>();
        while (await matters.SweepAsync() > 0)
        {
        }
        return true;
    });

    private JsonNode SecretValue(string what)
    {
        var s = Secret(what);
        BSecrets.Add(s);
        return JsonValue.Create(s);
    }

    private JsonNode SubjectValue(string what)
    {
        var s = SubjectText(what);
        SubjectSecrets.Add(s);
        return JsonValue.Create(s);
    }

    private Task<Guid> OpenAsync(string pack, string kind, Guid unit, Dictionary<string, JsonNode?> fields, Dictionary<string, IReadOnlyList<Guid>>? parties) =>
        ScopeAsync(async sp => (await sp.GetRequiredService<MatterService>().OpenAsync(Sys, pack, kind, new OpenInput(fields, parties, unit))).Id);

    private Task ActAsync(Guid id, string action, Dictionary<string, JsonNode?> fields, Dictionary<string, IReadOnlyList<Guid>>? parties,
        IReadOnlyList<Guid>? signers = null, bool confirmed = false) =>
        ScopeAsync(async sp =>
        {
            await sp.GetRequiredService<MatterService>().ActAsync(Sys, id, action, new ActInput(fields, parties, signers, confirmed));
            return true;
        });

    /// <summary>A named report with a PDF whose name and bytes identify the reporter, filed like a citizen's browser would.</summary>
    private async Task<Guid> PortalReportAsync()
    {
        var fileName = Secret("举报人证据") + ".pdf";
        var inside = "YZSECRET" + _tag + "PDF";
        BSecrets.Add(fileName);
        BSecrets.Add(inside);
        var pdf = Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Author ({inside}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        var citizen = new PortalClient(Anonymous());
        var page = await citizen.SubmitAsync("election-discipline", "report", new Dictionary<string, string>
        {
            ["channel"] = "12380", ["content"] = Secret("换届举报"),
            ["reporter_name"] = SecretValue("举报人姓名").GetValue<string>(), ["reporter_phone"] = SecretValue("举报人电话").GetValue<string>(),
        }, files: [("evidence", fileName, pdf)]);
        Assert.True(page.Status == HttpStatusCode.OK && page.Code is not null, $"portal submission failed: {(int)page.Status}");
        BTrackingCodes.Add(page.Code!);
        BSecrets.Add(page.Code!);
        await using var db = Database.Open();
        var hash = Passwords.Sha256(page.Code!);
        return (await db.Set<MatterRow>().AsNoTracking().SingleAsync(m => m.TrackingHash == hash)).Id;
    }

    private async Task<MatterCase> CaseOfAsync(Guid id, PackCatalog packs)
    {
        await using var db = Database.Open();
        var row = await db.Set<MatterRow>().AsNoTracking().SingleAsync(m => m.Id == id);
        var snapshot = MatterSnapshotJson.Read(row.Snapshot);
        var kind = packs.Get(row.PackId, row.PackVersion).Kinds[row.Kind];
        var attachments = kind.Fields.Values
            .Where(f => f.Type == Kernel.Packs.FieldType.Attachment || f.ItemType == Kernel.Packs.FieldType.Attachment)
            .SelectMany(f => snapshot.Fields.GetValueOrDefault(f.Code) switch
            {
                JsonArray a => a.Select(x => x!.GetValue<string>()),
                JsonValue v => [v.GetValue<string>()],
                _ => [],
            }).Distinct().ToList();
        return new MatterCase(id, row.PackId, row.Kind, kind.Actions.Keys.ToList(), kind.Fields.Keys.ToList(), attachments);
    }
}

public sealed class ProbeSqliteApp : ProbeApp
{
    protected override DbKind Kind => DbKind.Sqlite;
}

public sealed class ProbePostgresApp : ProbeApp
{
    protected override DbKind Kind => DbKind.Postgres;
}
