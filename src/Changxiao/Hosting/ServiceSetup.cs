using Changxiao.Kernel.Accounts;
using Changxiao.Store;
using Changxiao.Store.Services;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Hosting;

public static class ServiceSetup
{
    /// <summary>The kernel's data (unit kinds, calendar) loaded once from the packs folder; a bad pack stops start-up.</summary>
    public static IServiceCollection AddKernel(this IServiceCollection services, Settings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(settings.LoadUnitKinds());
        services.AddSingleton(settings.LoadCalendar());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(LockoutPolicy.Default);
        return services;
    }

    public static IServiceCollection AddStore(this IServiceCollection services, Settings settings)
    {
        services.AddDbContext<ChangxiaoDb>(settings.Store.Configure);
        services.AddScoped<Writer>();
        services.AddScoped<OrgService>();
        services.AddScoped<AccountService>();
        services.AddScoped<JournalService>();
        services.AddScoped<Import.OrgImporter>();
        return services;
    }

    /// <summary>A service scope for CLI verbs: the same services the web server uses.</summary>
    public static ServiceProvider BuildCliServices(Settings settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKernel(settings).AddStore(settings);
        return services.BuildServiceProvider();
    }
}
