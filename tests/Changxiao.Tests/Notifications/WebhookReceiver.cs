using System.Collections.Concurrent;
using Changxiao.Kernel.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Changxiao.Tests.Notifications;

/// <summary>
/// A second Kestrel server on 127.0.0.1 that receives webhooks at /hook and keeps every request. It answers
/// 500 to a delivery id listed in <see cref="FailTimes"/> while its count lasts, 200 otherwise.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication _app = null!;

    public sealed record Hit(string? Delivery, string? Timestamp, string? Signature, string Body, string PathAndQuery, int Status);

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<Hit> Hits { get; } = new();

    public ConcurrentDictionary<string, int> FailTimes { get; } = new();

    public IReadOnlyList<Hit> For(Guid delivery) => Hits.Where(h => h.Delivery == delivery.ToString()).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var r = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        r._app = builder.Build();
        r._app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var delivery = http.Request.Headers[WebhookSignature.DeliveryHeader].FirstOrDefault();
            var status = 200;
            if (delivery is not null && r.FailTimes.TryGetValue(delivery, out var left) && left > 0)
            {
                r.FailTimes[delivery] = left - 1;
                status = 500;
            }
            r.Hits.Enqueue(new Hit(delivery, http.Request.Headers[WebhookSignature.TimestampHeader].FirstOrDefault(),
                http.Request.Headers[WebhookSignature.SignatureHeader].FirstOrDefault(), body,
                http.Request.Path + http.Request.QueryString, status));
            return Results.StatusCode(status);
        });
        await r._app.StartAsync();
        var address = r._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        r.Url = new Uri(new Uri(address), "/hook");
        return r;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
