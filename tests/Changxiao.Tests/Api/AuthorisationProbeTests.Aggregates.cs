using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Changxiao.Kernel.Org;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Changxiao.Tests.Api.Probe;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests.Api;

/// <summary>
/// Counts are where out-of-scope data hides best: a dashboard that counts B's red cards, an export that lists B's rows, a
/// bulletin that names B's late matters, org stats that count B's people. B holds what A has none of (yellow and closed
/// matters, bulletin entries); each aggregate must show A's own numbers, worked out here straight from A's rows — and every
/// answer without parameters must stay exactly the same when only B (or only the subject's matter) changes.
/// </summary>
public abstract partial class AuthorisationProbeTests<TApp>
{
    public static TheoryData<string> LoggedIn => ["a-admin", ProbeApp.OfficerLogin, ProbeApp.SubjectLogin];

    [Theory]
    [MemberData(nameof(LoggedIn))]
    public async Task TownshipAsAggregates_ShowItsOwnNumbers_NotB(string actor)
    {
        await using var db = app.Database.Open();
        var aPath = (await db.Units.AsNoTracking().SingleAsync(u => u.Id == app.TownA)).Path;
        var bPath = (await db.Units.AsNoTracking().SingleAsync(u => u.Id == app.TownB)).Path;
        var all = await (from m in db.Set<MatterRow>().AsNoTracking() join u in db.Units.AsNoTracking() on m.UnitId equals u.Id select new { m, u.Path }).ToListAsync();
        var inB = all.Where(x => x.Path.StartsWith(bPath, StringComparison.Ordinal)).Select(x => x.m).ToList();
        var listed = await ListedAsync(db);
        // The seed gives B what A has none of: otherwise "A's numbers" could not tell A from A and B.
        Assert.Contains(inB, m => m.Level == "yellow" && !m.Final);
        Assert.Contains(inB, m => m.Final);
        Assert.Contains(inB, m => listed.ContainsKey(m.Id));
        var expected = await VisibleInAAsync(db, actor, aPath, all.Select(x => (x.m, x.Path)).ToList());
        Assert.DoesNotContain(expected, m => m.Level == "yellow" || m.Final || listed.ContainsKey(m.Id));

        using var http = await app.LoginAsync(actor);
        var today = "2025-10-14";
        foreach (var pack in new string?[] { null, "tp", "efficiency-complaints", "election-discipline" })
        {
            var mine = expected.Where(m => pack is null || m.PackId == pack).ToList();
            var q = pack is null ? "" : "pack=" + pack;
            var totals = (await http.GetAsync("/api/v1/matters/dashboard?" + q).OkJson())["totals"]!;
            var shown = new[] { "open", "red", "yellow", "overdue", "closed", "closedOnTime" }.ToDictionary(k => k, k => totals[k]!.GetValue<int>());
            var own = new Dictionary<string, int>
            {
                ["open"] = mine.Count(m => !m.Final), ["red"] = mine.Count(m => !m.Final && m.Level == "red"),
                ["yellow"] = mine.Count(m => !m.Final && m.Level == "yellow"),
                ["overdue"] = mine.Count(m => !m.Final && m.DueOn != null && string.CompareOrdinal(m.DueOn, today) < 0),
                ["closed"] = mine.Count(m => m.Final), ["closedOnTime"] = mine.Count(m => m.Final && !m.Late),
            };
            Assert.True(own.SequenceEqual(shown), $"{actor} dashboard {q}: shows {Show(shown)}, A's own numbers are {Show(own)}");

            var list = await http.GetAsync("/api/v1/matters?pageSize=200&" + q).OkJson();
            Assert.Equal(mine.Count, list["total"]!.GetValue<int>());
            Assert.Equal(mine.Select(m => m.Id).Order(), list["items"]!.AsArray().Select(i => Guid.Parse(i!["id"]!.GetValue<string>())).Order());
            foreach (var level in new[] { "red", "yellow" })
            {
                var byLevel = await http.GetAsync($"/api/v1/matters?pageSize=200&level={level}&" + q).OkJson();
                Assert.Equal(mine.Count(m => m.Level == level), byLevel["total"]!.GetValue<int>());
            }

            var export = await http.GetAsync("/api/v1/matters/export?" + q);
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            var bytes = await export.Content.ReadAsByteArrayAsync();
            using (var zip = new ZipArchive(new MemoryStream(bytes)))
            {
                using var reader = new StreamReader(zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).Open());
                var rows = Regex.Matches(await reader.ReadToEndAsync(), "<(\\w+:)?row[ >]").Count - 1; // less the header
                Assert.True(rows == mine.Count, $"{actor} export {q}: {rows} rows, A's own are {mine.Count}");
            }
            var sheet = AnswerText.Body(bytes);
            foreach (var m in mine) Assert.Contains(m.Number, sheet);
        }

        foreach (var month in new[] { "2025-09", "2025-10" })
        {
            var own = expected.Where(m => listed.TryGetValue(m.Id, out var on) && on.StartsWith(month, StringComparison.Ordinal)).Select(m => m.Id).Order().ToList();
            var bulletin = (await http.GetAsync($"/api/v1/matters/bulletin?month={month}").OkJson()).AsArray();
            Assert.Equal(own, bulletin.Select(e => Guid.Parse(e!["matter"]!["id"]!.GetValue<string>())).Order());
            var doc = await http.GetAsync($"/api/v1/matters/bulletin/document?month={month}");
            Assert.Equal(HttpStatusCode.OK, doc.StatusCode);
            Assert.Contains($"（共{own.Count}件）", AnswerText.Body(await doc.Content.ReadAsByteArrayAsync()));
        }

        var units = await db.Units.AsNoTracking().Where(u => u.Path.StartsWith(aPath)).Select(u => u.Id).ToListAsync();
        var people = await db.People.AsNoTracking().Where(p => units.Contains(p.UnitId)).Select(p => p.Id).ToListAsync();
        var accounts = await db.Accounts.AsNoTracking().CountAsync(a => people.Contains(a.PersonId));
        var stats = (await http.GetAsync("/api/v1/stats/org").OkJson())["totals"]!;
        Assert.Equal((units.Count, people.Count, accounts), (stats["units"]!.GetValue<int>(), stats["people"]!.GetValue<int>(), stats["accounts"]!.GetValue<int>()));
        await AssertJournalVerifiesAsync();
    }

    /// <summary>When the ladders listed each matter in a bulletin (the step's own date), from the journal.</summary>
    private static async Task<Dictionary<Guid, string>> ListedAsync(Store.ChangxiaoDb db) =>
        (await db.Journal.AsNoTracking().Where(e => e.Type == "matter.bulletin").Select(e => new { e.EntityId, e.Data }).ToListAsync())
        .GroupBy(e => Guid.ParseExact(e.EntityId, "N"))
        .ToDictionary(g => g.Key, g => g.Select(e => JsonNode.Parse(e.Data)!["date"]!.GetValue<string>()).Min()!);

    /// <summary>
    /// A's matters as the actor should see them, worked out from the rows: an org administrator reads no matters; an officer
    /// and the subject (matter.read and every pack role over A) read all of A's but those they are recused from.
    /// </summary>
    private static async Task<List<MatterRow>> VisibleInAAsync(Store.ChangxiaoDb db, string actor, string aPath, List<(MatterRow Matter, string Path)> all)
    {
        if (actor == "a-admin") return [];
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Username == actor);
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == account.PersonId);
        var home = UnitPath.Ids((await db.Units.AsNoTracking().SingleAsync(u => u.Id == person.UnitId)).Path).ToList();
        var recused = await db.Set<MatterPartyRow>().AsNoTracking().Where(p => p.Recused && (p.MemberId == person.Id || home.Contains(p.MemberId)))
            .Select(p => p.MatterId).ToListAsync();
        return all.Where(x => x.Path.StartsWith(aPath, StringComparison.Ordinal) && !recused.Contains(x.Matter.Id)).Select(x => x.Matter).ToList();
    }

    private static string Show(Dictionary<string, int> counts) => string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"));

    [Fact]
    public async Task AnswersWithoutParameters_DoNotMove_WhenOnlyTownshipBOrTheSubjectsMatterChanges()
    {
        var ops = ApiOperation.Read(await DocumentAsync())
            .Where(o => o.Method == "GET" && !o.Path.Contains('{') && !OutsideTheProbe.ContainsKey(o.Id)).ToList();
        var actors = new List<ProbeActor>();
        foreach (var a in new[] { "a-admin", ProbeApp.OfficerLogin, ProbeApp.SubjectLogin }) actors.Add(new ProbeActor(app, a, a));
        foreach (var a in actors) await a.ClientAsync(); // logging in shows in the accounts list: all before the first answer
        var findings = new List<Finding>();
        try
        {
            var first = await AnswersAsync(actors, ops);
            var again = await AnswersAsync(actors, ops);
            foreach (var (key, answer) in first.Where(kv => again[kv.Key] != kv.Value))
                findings.Add(new Finding(key.Actor, key.Op, Finding.Unexercisable, $"two identical calls answer differently: teach the probe what varies\n{Diff(answer, again[key])}"));

            await app.GrowTownshipBAsync();
            var grown = await AnswersAsync(actors, ops);
            foreach (var (key, answer) in again.Where(kv => grown[kv.Key] != kv.Value))
                findings.Add(new Finding(key.Actor, key.Op, Finding.Moved, $"GET {ops.Single(o => o.Id == key.Op).Path} changed when only B did:\n{Diff(answer, grown[key])}"));

            await app.GrowSubjectMatterAsync();
            var subject = actors.Where(a => a.Name == ProbeApp.SubjectLogin).ToList();
            foreach (var (key, answer) in (await AnswersAsync(subject, ops)).Where(kv => grown[kv.Key] != kv.Value))
                findings.Add(new Finding(key.Actor, key.Op, Finding.Moved, $"GET {ops.Single(o => o.Id == key.Op).Path} changed when only the matter about them did:\n{Diff(grown[key], answer)}"));
        }
        finally
        {
            foreach (var a in actors) a.Dispose();
        }
        await AssertJournalVerifiesAsync();
        Report(findings, $"moved: {ops.Count} operations");
    }

    /// <summary>Each actor's answer to each operation, without parameters, reduced to what it says (not when it was made).</summary>
    private static async Task<Dictionary<(string Actor, string Op), string>> AnswersAsync(IEnumerable<ProbeActor> actors, IReadOnlyList<ApiOperation> ops)
    {
        var answers = new Dictionary<(string, string), string>();
        foreach (var who in actors)
        {
            foreach (var op in ops)
            {
                var answer = await ProbeWalk.SendAsync(who, new ProbeCall(op, "no query", op.Path, null, null, null));
                var text = AnswerText.Body(answer.Body);
                // What differs between two identical calls: a refusal's trace id, an Office file's time and random part ids.
                text = Regex.Replace(text, "00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]", "«trace»");
                text = Regex.Replace(text, "<dcterms:(created|modified)[^>]*>[^<]*</dcterms:(created|modified)>", "");
                text = Regex.Replace(text, "\"R[0-9a-f]{16}\"", "\"R\"");
                answers[(who.Name, op.Id)] = $"{answer.Status}\n{text}";
            }
        }
        return answers;
    }

    private static string Diff(string before, string after)
    {
        var at = 0;
        while (at < before.Length && at < after.Length && before[at] == after[at]) at++;
        var from = Math.Max(0, at - 80);
        return $"before: …{ProbeWalk.Cut(before[from..], 300)}\nafter:  …{ProbeWalk.Cut(after[from..], 300)}";
    }
}
