using Changxiao.Hosting;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests;

/// <summary>
/// The demo county (`./run.sh`): a new one gets six weeks of history whose journal reads in time order; starting it
/// again only gives the accounts fresh passwords.
/// </summary>
public abstract class DemoSeedTests(DbKind kind)
{
    [Fact]
    public async Task NewCounty_HistoryInDayOrder_SecondStartOnlyNewPasswords()
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var settings = Settings.From(db.Spec, null); // the shipped packs
        var (_, logins) = await global::Changxiao.Cli.DemoSeed.EnsureAsync(settings, 300, default);
        Assert.Equal(["admin", "zhen01"], logins.Select(l => l.User));

        await using var read = db.Open();
        var today = Kernel.Calendar.ChinaDate.Today();
        var matters = await read.Set<Store.Model.MatterRow>().AsNoTracking().ToListAsync();
        Assert.True(matters.Count >= 50, $"{matters.Count} matters");
        Assert.True(matters.Select(m => m.State).Distinct().Count() >= 8);
        Assert.Contains(matters, m => string.CompareOrdinal(m.OpenedOn, today.AddDays(-28).ToString("yyyy-MM-dd")) < 0);
        var admin = await read.Accounts.AsNoTracking().Where(a => a.Username == "admin").Select(a => a.PersonId).SingleAsync();
        Assert.True(await read.Set<Store.Model.MatterPartyRow>().AnyAsync(p => p.MemberId == admin), "the administrator has work of his own");

        var times = await read.Journal.AsNoTracking().OrderBy(e => e.Seq).Select(e => e.AtMs).ToListAsync();
        Assert.True(times.Zip(times.Skip(1)).All(p => p.First <= p.Second), "journal times follow its order");
        Assert.True(DateTimeOffset.FromUnixTimeMilliseconds(times[0]) < DateTimeOffset.UtcNow.AddDays(-42), "founded six weeks back");
        Assert.True((await Store.Services.JournalService.VerifyAsync(read)).Ok);

        var before = times.Count;
        var (_, again) = await global::Changxiao.Cli.DemoSeed.EnsureAsync(settings, 300, default);
        Assert.NotEqual(logins.Select(l => l.Password), again.Select(l => l.Password));
        Assert.Equal(matters.Count, await read.Set<Store.Model.MatterRow>().CountAsync());
        var added = await read.Journal.AsNoTracking().Where(e => e.Seq > before).OrderBy(e => e.Seq).Select(e => new { e.Type, e.AtMs }).ToListAsync();
        Assert.All(added, e => Assert.StartsWith("account.", e.Type));
        Assert.All(added, e => Assert.True(e.AtMs >= times[^1]));
    }
}

public sealed class DemoSeedTests_Sqlite() : DemoSeedTests(DbKind.Sqlite);

public sealed class DemoSeedTests_Postgres() : DemoSeedTests(DbKind.Postgres);
