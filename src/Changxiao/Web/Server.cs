using Changxiao.Hosting;
using Changxiao.Notifications;
using Changxiao.Portal;
using Changxiao.Store;
using Changxiao.Web.Apis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Web;

/// <summary>The web server: REST API under /api/v1, OpenAPI, health, and the console's static files.</summary>
public static class Server
{
    /// <summary>Default request body limit; the org import endpoint raises its own.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <param name="overrides">Service replacements for tests (a manual clock, say).</param>
    public static WebApplication Create(Settings settings, string urls, Action<IServiceCollection>? overrides = null, Store.Matters.PackCatalog? packs = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = ImportApi.MaxImportBytes);
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        builder.Services.AddKernel(settings, packs).AddStore(settings);
        builder.Services.AddHostedService<Sweeper>();
        builder.Services.AddHostedService<Hosting.Checkpointer>();
        builder.Services.AddChangxiaoAuth(builder.Configuration);
        builder.Services.AddNotifications(NotificationSettings.From(builder.Configuration), worker: true);
        builder.Services.AddPortal(builder.Configuration, settings);
        builder.Services.AddSecurityHeaders();
        overrides?.Invoke(builder.Services);
        builder.Services.AddExceptionHandler<ErrorTranslator>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");
        // Cookie keys live with the data, so sessions survive a restart.
        builder.Services.AddDataProtection().SetApplicationName("changxiao")
            .PersistKeysToFileSystem(new DirectoryInfo(settings.KeysDir));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        // The portal's forms carry antiforgery tokens; the console's header check does not apply to them.
        app.UseWhen(http => !PortalSetup.IsPortal(http), b => b.UseCsrfCheck());
        app.UseAuthorization();
        app.UsePortal();
        app.UseRequestGuard();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/healthz", async (ChangxiaoDb db) =>
            await db.Database.CanConnectAsync() ? Results.Ok(new { status = "ok" }) : Results.Problem(statusCode: 503, title: "数据库不可用"))
            .WithName("Health");

        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapSessionApi().MapOrgApi().MapAccountsApi().MapJournalApi().MapImportApi().MapStatsApi().MapInboxApi().MapMattersApi();
        app.MapPortal();
        app.Map("/api/{**rest}", RequestGuard.Unmatched).ExcludeFromDescription();
        app.MapFallbackToFile("index.html");
        return app;
    }

    /// <summary>Migrates, then serves until stopped. A bad pack or database stops start-up with the reason.</summary>
    public static async Task<int> RunAsync(Settings settings, string urls, Func<WebApplication, Task>? started = null)
    {
        var packs = await ServiceSetup.PrepareAsync(settings);
        var app = Create(settings, urls, packs: packs);
        await app.StartAsync();
        if (started is not null) await started(app);
        await app.WaitForShutdownAsync();
        return 0;
    }
}
