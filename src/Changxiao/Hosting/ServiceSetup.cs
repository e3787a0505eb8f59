using Changxiao.Kernel.Accounts;
using Changxiao.Notifications;
using Changxiao.Store;
using Changxiao.Store.Services;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Hosting;

public static class ServiceSetup
{
    /// <summary>
    /// The kernel's data (unit kinds, calendar) loaded once from the packs folder; a bad pack stops start-up.
    /// <paramref name="time"/>: the clock every command is recorded at (the system clock, or a demo's simulated past).
    /// </summary>
    public static IServiceCollection AddKernel(this IServiceCollection services, Settings settings, Store.Matters.PackCatalog? packs = null,
        TimeProvider? time = null)
    {
        services.AddSingleton(settings);
        services.AddSingleton(packs ?? Store.Matters.PackCatalog.Empty);
        services.AddSingleton(_ => Store.Matters.FieldCipher.FromEnvironmentOrFile(settings.KeysDir));
        services.AddSingleton(settings.LoadUnitKinds());
        services.AddSingleton(settings.LoadCalendar());
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(LockoutPolicy.Default);
        return services;
    }

    public static IServiceCollection AddStore(this IServiceCollection services, Settings settings)
    {
        services.AddDbContext<ChangxiaoDb>(settings.Store.Configure);
        services.AddSingleton(settings.Store);
        services.AddSingleton<GroupCommit>();
        services.AddScoped<Writer>();
        services.AddScoped<OrgService>();
        services.AddScoped<AccountService>();
        services.AddScoped<JournalService>();
        services.AddScoped<InboxService>();
        services.AddScoped<Import.OrgImporter>();
        services.AddScoped<Store.Matters.MatterService>();
        return services;
    }

    /// <summary>A service scope for CLI verbs: the same services the web server uses.</summary>
    public static ServiceProvider BuildCliServices(Settings settings, Store.Matters.PackCatalog? packs = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKernel(settings, packs, time).AddStore(settings);
        services.AddNotifications(NotificationSettings.Load(), worker: false);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// What must happen before anything serves: migrate the database, load and validate the packs
    /// (a bad pack stops start-up), register new pack versions and load the older ones still in use.
    /// </summary>
    public static async Task<Store.Matters.PackCatalog> PrepareAsync(Settings settings, CancellationToken ct = default, TimeProvider? time = null)
    {
        await Store.Database.MigrateAsync(settings.Store, ct);
        var calendar = settings.LoadCalendar();
        var packs = settings.LoadPacks();
        var catalog = await Store.Matters.PackRegistry.SyncAsync(settings.Store, packs, Packs.Mechanisms.PackLoader.LoadFolder,
            (db, catalog) => new Writer(db, time ?? TimeProvider.System, null, null, catalog, calendar), ct);
        catalog.SetProgrammes(packs.SelectMany(p => Packs.Programmes.ProgrammeLoader.Load(p.Folder, p.Pack).Select(x => (p.Pack.Id, x))));
        return catalog;
    }
}
