using System.Net;
using System.Text.RegularExpressions;
using Changxiao.Store.Model;
using Changxiao.Tests.Api.Probe;
using Changxiao.Tests.Portal;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests.Api;

/// <summary>
/// The portal's pages are not in the API document: they get a walk of their own, as an anonymous citizen. Every page is
/// read (every kind's form, every publication), B's ids, numbers, usernames and markers are tried as tracking codes and
/// as codes for a citizen's action, and B's ids stand in for a pack and kind. Nothing of B may show but what B published,
/// a look-up with B's values must read exactly like one with a made-up code, and nothing may be written.
/// </summary>
public abstract partial class AuthorisationProbeTests<TApp>
{
    [Fact]
    public async Task PortalPages_AimedAtTownshipB_ShowOnlyWhatItPublished_AndWriteNothing()
    {
        var b = await Secrets.OfTownshipAsync(app);
        var tables = await DbState.TablesAsync(app.Database);
        var before = await DbState.ReadAsync(app.Database, tables, long.MaxValue);
        var findings = new List<Finding>();
        var citizen = new PortalClient(app.Anonymous());
        var pages = ((IEndpointRouteBuilder)app.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null).Select(e => e.RoutePattern.RawText!.TrimStart('/')).Distinct().ToList();
        Assert.NotEmpty(pages);
        await using var db = app.Database.Open();
        var numbers = await db.Set<MatterRow>().AsNoTracking().Where(m => app.BMatters.Select(x => x.Id).Contains(m.Id)).Select(m => m.Number).ToListAsync();
        var published = false;

        async Task Read(string page, string url)
        {
            var answer = await citizen.GetAsync(url);
            if ((int)answer.Status >= 500) findings.Add(new Finding("citizen", page, Finding.ServerError, $"GET {url} → {(int)answer.Status}"));
            foreach (var leak in b.FoundIn(answer.Html, url, allowPublic: true))
                findings.Add(new Finding("citizen", page, Finding.Leak, $"GET {url} → {(int)answer.Status}: {leak}"));
            published |= b.Public.Any(p => answer.Html.Contains(p, StringComparison.OrdinalIgnoreCase));
        }

        // A look-up with B's value and one with a made-up value of the same shape: the same page, nothing of B.
        async Task Compare(string page, string what, Func<string, Task<PortalClient.Page>> send, string real, string ghost)
        {
            var (x, y) = (await send(real), await send(ghost));
            foreach (var leak in b.FoundIn(x.Html, real, allowPublic: true))
                findings.Add(new Finding("citizen", page, Finding.ErrorLeak, $"{what} “{real}” → {(int)x.Status}: {leak}"));
            string Plain(PortalClient.Page p, string sent) => $"{(int)p.Status} " + Regex.Replace(p.Html, "<input[^>]*>", "").Replace(sent, "«»", StringComparison.OrdinalIgnoreCase);
            if (Plain(x, real) != Plain(y, ghost))
                findings.Add(new Finding("citizen", page, Finding.Confirms, $"{what} “{real}” → {(int)x.Status}, but “{ghost}” → {(int)y.Status}\n{ProbeWalk.Cut(Plain(x, real), 600)}"));
        }

        var codes = app.BMatters.SelectMany(m => new[] { m.Id.ToString(), m.Id.ToString("N").ToUpperInvariant()[..16] })
            .Concat(numbers).Concat([app.BIntakeLogin, app.Secret("举报人姓名")]).ToList();
        foreach (var page in pages)
        {
            switch (page)
            {
                case "portal":
                    await Read(page, "/" + page);
                    break;
                case "portal/submit/{pack}/{kind}":
                    foreach (var p in app.Packs.Current)
                    {
                        foreach (var k in p.Kinds.Keys) await Read(page, $"/portal/submit/{p.Id}/{k}");
                    }
                    await Compare(page, "pack and kind", v => citizen.GetAsync($"/portal/submit/{v}/{v}"), app.TownB.ToString(), Guid.NewGuid().ToString());
                    break;
                case "portal/track":
                    await Read(page, "/portal/track");
                    foreach (var code in codes)
                    {
                        await Compare(page, "tracking code", citizen.TrackAsync, code, MadeUpCode());
                        foreach (var action in new[] { "rate-satisfied", "rate-dissatisfied" })
                            await Compare(page, $"code for {action}", c => citizen.ActAsync(c, action, new() { ["satisfaction"] = "满意", ["dissatisfaction"] = "探针文本" }, confirmed: true),
                                code, MadeUpCode());
                    }
                    break;
                case "portal/published/{pack}/{publication}":
                    foreach (var p in app.Packs.Current)
                    {
                        foreach (var pub in p.Publications)
                        {
                            await Read(page, $"/portal/published/{p.Id}/{pub.Code}");
                            await Read(page, $"/portal/published/{p.Id}/{pub.Code}?p=2");
                        }
                    }
                    break;
                default:
                    findings.Add(new Finding("citizen", page, Finding.Unexercisable, $"portal page {page}: the portal walk does not know it (PortalPages)"));
                    break;
            }
        }
        Assert.True(PortalPages.Keys.All(pages.Contains), $"PortalPages names a page that no longer exists; the pages are {string.Join(", ", pages)}");
        await Compare("portal/{**rest}", "unknown path", v => citizen.GetAsync("/portal/" + v), app.BMatters[0].Id.ToString(), Guid.NewGuid().ToString());
        // B published a typical case: the walk has seen what may show, so "nothing else showed" means something.
        Assert.True(published, "B's published typical case did not show on the portal");

        var after = await DbState.ReadAsync(app.Database, tables, before.JournalSeq);
        foreach (var change in DbState.Diff(before, after))
            findings.Add(new Finding("citizen", "portal", Finding.RefusedButWrote, $"the portal walk changed {change}"));
        Report(findings, $"citizen: {pages.Count} portal pages");
    }

    /// <summary>A tracking code's shape (16 characters of the portal's alphabet) that belongs to nothing.</summary>
    private static string MadeUpCode()
    {
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
        return string.Join("-", Enumerable.Range(0, 4).Select(i => new string(chars, i * 4, 4)));
    }
}
