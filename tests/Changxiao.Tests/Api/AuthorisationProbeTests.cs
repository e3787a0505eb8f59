using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Changxiao.Store.Services;
using Changxiao.Tests.Api.Probe;
using Changxiao.Tests.Infrastructure;
using Changxiao.Tests.Portal;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Api;

/// <summary>
/// The authorisation probe (issue 8 point 11): every operation of <c>/openapi/v1.json</c>, walked as anonymous, as township
/// A's organisation administrator, as an officer with every pack role over A, and as the recused subject of a matter in A —
/// aimed at township B's objects (and, for the subject, at the matter about them). It fails on any answer that shows B's ids
/// or markers, any call that changes B's rows, any refusal that writes anything or reads differently from a refusal about
/// nothing, and any operation it cannot fill: a new endpoint is walked without anyone adding it here, or it fails until the
/// probe is taught. Dashboards, exports, bulletins and stats are held to A's own numbers, and must not move when only B changes.
/// The portal's pages (not in the API document) get a walk of their own. See <see cref="ProbeApp"/> for the seed.
/// </summary>
public abstract partial class AuthorisationProbeTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : ProbeApp
{
    /// <summary>Operations the probe does not walk, each with its reason. Keep this list small.</summary>
    public static readonly IReadOnlyDictionary<string, string> OutsideTheProbe = new Dictionary<string, string>
    {
        ["Health"] = "GET /healthz: anonymous liveness, answers {status: ok} and reads no data",
        ["Login"] = "POST /api/v1/session: checking a password is the login tests' subject (point 6); a wrong password for one of B's " +
                    "usernames legitimately counts a failed login on B's account, which this probe would report as a write",
    };

    /// <summary>Routes the OpenAPI document leaves out on purpose, each with its reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotInTheDocument = new Dictionary<string, string>
    {
        ["/openapi/{documentName}.json"] = "the document itself",
        ["/api/{**rest}"] = "any unknown API path: a 404 problem, no data",
        ["/portal/{**rest}"] = "any unknown portal path: a 404 page, no data",
        ["{*path:nonfile}"] = "the console's single-page app (index.html): static files; its data comes through the API walked here",
    };

    /// <summary>The portal's pages (Razor Pages, outside the API document) and how the portal walk exercises each.</summary>
    public static readonly IReadOnlyDictionary<string, string> PortalPages = new Dictionary<string, string>
    {
        ["portal"] = "GET",
        ["portal/submit/{pack}/{kind}"] = "GET every kind, and B's ids in place of pack and kind (filing itself is PortalTests')",
        ["portal/track"] = "GET; POST B's ids, numbers, usernames and markers as tracking codes, and as codes for a citizen's action",
        ["portal/published/{pack}/{publication}"] = "GET every publication (page 1 and 2): only published fields of B may show",
    };

    private static readonly Regex Constraint = RouteConstraint();

    private async Task<JsonNode> DocumentAsync()
    {
        using var http = app.Anonymous();
        var res = await http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        return JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task OpenApiDocument_ListsEveryApiEndpoint_AndThePortalPagesAreWalkedSeparately()
    {
        var doc = await DocumentAsync();
        var documented = ApiOperation.Read(doc).Select(o => $"{o.Method} {o.Path}").ToHashSet();
        var endpoints = ((IEndpointRouteBuilder)app.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        var problems = new List<string>();
        foreach (var e in endpoints)
        {
            var raw = e.RoutePattern.RawText ?? "";
            if (e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            {
                if (!PortalPages.ContainsKey(raw.TrimStart('/'))) problems.Add($"portal page {raw}: the portal walk does not know it (PortalPages)");
                continue;
            }
            var path = "/" + Constraint.Replace(raw.TrimStart('/'), "{$1}");
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var m in methods)
            {
                if (documented.Contains($"{m} {path}")) continue;
                if (NotInTheDocument.ContainsKey(raw) || NotInTheDocument.ContainsKey(path)) continue;
                problems.Add($"{m} {raw} ({e.DisplayName}) is not in /openapi/v1.json, so the probe does not walk it");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // And the document's operations are all served (a stale document would let the probe walk what no longer exists).
        Assert.All(documented, d => Assert.Contains(endpoints, e =>
            d.EndsWith(" /" + Constraint.Replace((e.RoutePattern.RawText ?? "").TrimStart('/'), "{$1}"), StringComparison.Ordinal)));
    }

    public static TheoryData<string> Actors => ["anonymous", "a-admin", ProbeApp.OfficerLogin, ProbeApp.SubjectLogin];

    [Theory]
    [MemberData(nameof(Actors))]
    public async Task EveryOperation_AimedAtTownshipB_NeitherShowsNorChangesIt(string actor)
    {
        var doc = await DocumentAsync();
        var ops = ApiOperation.Read(doc).Where(o => !OutsideTheProbe.ContainsKey(o.Id)).ToList();
        Assert.All(OutsideTheProbe.Keys, k => Assert.Contains(ApiOperation.Read(doc), o => o.Id == k)); // no stale entries
        var tables = await DbState.TablesAsync(app.Database);
        var walk = new ProbeWalk(app, tables);
        var builder = new ProbeCalls(app.Packs, new Own(app.SectionA, "C-A-1", app.PersonA, app.OwnMatter, app.OwnUnit2, app.OwnPerson2, app.OwnPost, app.OwnCase));
        var b = await Secrets.OfTownshipAsync(app);
        using var who = new ProbeActor(app, actor, actor == "anonymous" ? null : actor);
        if (actor == ProbeApp.SubjectLogin)
        {
            var forbidden = b.With(await Secrets.OfSubjectMatterAsync(app));
            await walk.WalkAsync(who, ops, builder, await AimAtBAsync(), forbidden);
            await walk.WalkAsync(who, ops, builder, AimAtSubjectMatter(), forbidden);
        }
        else await walk.WalkAsync(who, ops, builder, await AimAtBAsync(), b);

        await AssertJournalVerifiesAsync();
        Report(walk.Findings, $"{actor}: {walk.Calls} calls over {ops.Count} operations", actor);
    }

    /// <summary>B's objects, one or two of each kind, its codes and words to search for, and the months its matters were listed in a bulletin.</summary>
    private async Task<Aim> AimAtBAsync()
    {
        await using var db = app.Database.Open();
        var handler = await db.People.AsNoTracking().SingleAsync(p => p.Id == app.BHandler);
        var unit2 = await db.Units.AsNoTracking().SingleAsync(u => u.Id == app.SectionB2);
        var notifications = await db.Inbox.AsNoTracking().Where(m => m.PersonId == app.PersonB || m.PersonId == app.BHandler).Select(m => m.Id).Take(2).ToListAsync();
        var accounts = await db.Accounts.AsNoTracking().Where(a => a.PersonId == app.PersonB || a.PersonId == app.BIntake).Select(a => a.Id).ToListAsync();
        var months = await BulletinMonthsAsync(db);
        var number = await db.Set<MatterRow>().AsNoTracking().Where(m => m.Id == app.BMatters[0].Id).Select(m => m.Number).SingleAsync();
        return new Aim("B",
            [app.TownB, app.SectionB2], [app.PersonB, app.BHandler], [app.PostB, app.BPost2], [app.RoleB],
            accounts, app.BTokens, notifications, app.BMatters,
            [unit2.Code], [handler.Code], ["b-user", app.BIntakeLogin], [handler.Name, unit2.Name, number],
            [.. months, "2025-10"]);
    }

    /// <summary>For the subject's second walk: only the matter about them and what was derived from it (nothing else of any kind).</summary>
    private Aim AimAtSubjectMatter() =>
        new("subject", [], [], [], [], [], [], [], [app.SubjectMatter, .. app.SubjectDerived], [], [], [], [ProbeApp.SubjectPrefix], ["2025-10"]) { Strict = false };

    private static async Task<List<string>> BulletinMonthsAsync(Store.ChangxiaoDb db) =>
        (await db.Journal.AsNoTracking().Where(e => e.Type == "matter.bulletin").Select(e => e.Data).ToListAsync())
        .Select(d => JsonNode.Parse(d)!["date"]!.GetValue<string>()[..7]).Distinct().Order().ToList();

    private async Task AssertJournalVerifiesAsync()
    {
        await using var db = app.Database.Open();
        var report = await JournalService.VerifyAsync(db);
        Assert.True(report.Ok, "journal verify failed after the probe");
    }

    /// <summary>
    /// Fails on every finding that is not an accepted answer, and — for an actor's walk — on each accepted answer of that actor
    /// that no longer shows (the answer changed: look again, then take it off the list). Every finding is also written to a file in full.
    /// </summary>
    private static void Report(IReadOnlyList<Finding> findings, string summary, string? walkOf = null)
    {
        var unknown = findings.Where(f => !AcceptedAnswers.Any(k => k.Matches(f))).ToList();
        var stale = walkOf is null ? [] : AcceptedAnswers.Where(k => k.For(walkOf) && !findings.Any(k.Matches)).ToList();
        var file = Path.Combine(Path.GetTempPath(), $"cx-probe-{typeof(TApp).Name}-{summary.Split(':')[0]}.txt");
        File.WriteAllText(file, string.Join("\n", findings.Select(f =>
            (AcceptedAnswers.Any(k => k.Matches(f)) ? "(accepted) " : "") + f)));
        var message = new StringBuilder($"{summary}: {findings.Count} findings, {unknown.Count} not accepted (all in {file})\n");
        // One example per actor, operation and kind: the first is the evidence, the count says how widespread.
        foreach (var g in unknown.GroupBy(f => (f.Actor, f.Operation, f.Kind)))
            message.Append($"({g.Count()}×) ").Append(g.First()).Append('\n');
        foreach (var k in stale)
            message.Append($"no longer found — take it off the list: {k.Actors} · {k.Operation} · {k.Kind} ({k.Point}) {k.Evidence}\n");
        Assert.True(unknown.Count == 0 && stale.Count == 0, message.ToString());
    }

    [GeneratedRegex(@"\{([^}:=?*]+)(:[^}]*)?\}")]
    private static partial Regex RouteConstraint();
}

public sealed class AuthorisationProbeTests_Sqlite(ProbeSqliteApp app) : AuthorisationProbeTests<ProbeSqliteApp>(app);

public sealed class AuthorisationProbeTests_Postgres(ProbePostgresApp app) : AuthorisationProbeTests<ProbePostgresApp>(app);
