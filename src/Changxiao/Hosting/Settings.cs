using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Org;
using Changxiao.Packs.Calendars;
using Changxiao.Packs.Org;
using Changxiao.Store;

namespace Changxiao.Hosting;

/// <summary>
/// Where things are: the database (--db / CHANGXIAO_DB) and the packs folder (--packs / CHANGXIAO_PACKS,
/// default: the packs shipped beside the executable). The administrator controls both.
/// </summary>
public sealed record Settings(StoreOptions Store, string PacksDir)
{
    public static Settings From(string? db, string? packs)
    {
        var store = StoreOptions.Parse(db ?? Environment.GetEnvironmentVariable("CHANGXIAO_DB"));
        var dir = packs ?? Environment.GetEnvironmentVariable("CHANGXIAO_PACKS") ?? Path.Combine(AppContext.BaseDirectory, "packs");
        return new(store, Path.GetFullPath(dir));
    }

    /// <summary>Data-protection keys (cookie encryption): CHANGXIAO_KEYS, or keys/ beside the SQLite file, or ./data/keys.</summary>
    public string KeysDir => Environment.GetEnvironmentVariable("CHANGXIAO_KEYS")
        ?? (Store.Provider == DbProvider.Sqlite
            ? Path.Combine(Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Store.ConnectionString).DataSource) ?? "data", "keys")
            : Path.GetFullPath(Path.Combine("data", "keys")));

    public UnitKinds LoadUnitKinds() => UnitKindsLoader.Load(Path.Combine(PacksDir, "org", "unit-kinds.yaml"));

    /// <summary>The mechanism packs under packs/mechanisms, each with its folder; all errors of all packs at once.</summary>
    public IReadOnlyList<(Kernel.Packs.Pack Pack, string Folder)> LoadPacks()
    {
        var dir = Path.Combine(PacksDir, "mechanisms");
        if (!Directory.Exists(dir)) return [];
        return Packs.Mechanisms.PackLoader.LoadAll(dir).Select(p => (p, Path.GetDirectoryName(p.Where.File)!)).ToList();
    }

    public WorkCalendar LoadCalendar() => CalendarLoader.LoadFolder(Path.Combine(PacksDir, "calendars"));
}
