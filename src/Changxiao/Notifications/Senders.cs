using System.Net;
using System.Net.Mail;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Changxiao.Kernel.Notifications;
using Changxiao.Store.Model;

namespace Changxiao.Notifications;

/// <summary>A delivery that did not go through; the message is what the journal records.</summary>
public sealed class DeliveryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Email through SMTP (System.Net.Mail). Each message carries a stable <c>Message-ID</c> made from the
/// notification id, so a resend after a crash is the same message to mail clients that dedupe on it.
/// </summary>
public sealed class EmailSender(NotificationSettings settings)
{
    public static string MessageId(Guid notificationId, string from)
    {
        var at = from.LastIndexOf('@');
        var domain = at >= 0 ? from[(at + 1)..].TrimEnd('>', ' ') : "changxiao";
        return $"<{notificationId:N}@{(domain.Length == 0 ? "changxiao" : domain)}>";
    }

    public async Task SendAsync(OutboxRow row, CancellationToken ct)
    {
        var smtp = settings.Smtp ?? throw new DeliveryException("SMTP 未配置（Changxiao:Smtp:Host）");
        MailAddress from, to;
        try
        {
            from = new MailAddress(smtp.From);
            to = new MailAddress(row.Address);
        }
        catch (FormatException e)
        {
            throw new DeliveryException($"邮件地址无效：{e.Message}");
        }
        using var message = new MailMessage(from, to)
        {
            Subject = row.Subject,
            Body = BodyText(row),
            IsBodyHtml = false,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        message.Headers.Add("Message-ID", MessageId(row.Id, from.Address));
        message.Headers.Add(WebhookSignature.DeliveryHeader, row.Id.ToString());
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            UseDefaultCredentials = false,
            Timeout = (int)settings.SendTimeout.TotalMilliseconds,
        };
        if (smtp.User is not null) client.Credentials = new NetworkCredential(smtp.User, smtp.Password ?? "");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.SendTimeout);
        try
        {
            await client.SendMailAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DeliveryException($"SMTP 超时（{settings.SendTimeout.TotalSeconds:0} 秒）");
        }
        catch (SmtpException e)
        {
            throw new DeliveryException($"SMTP {(int)e.StatusCode}: {Innermost(e)}", e);
        }
    }

    private string BodyText(OutboxRow row)
    {
        var link = settings.AbsoluteLink(row.Link);
        var text = link is null ? row.Body : row.Body + "\n\n" + link;
        return text.ReplaceLineEndings("\r\n"); // plain-text mail lines end in CRLF
    }

    private static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException) messages.Add(x.Message);
        return string.Join(" — ", messages.Distinct());
    }
}

/// <summary>
/// Webhooks: a JSON POST with <c>X-Changxiao-Delivery</c> (the notification id: receivers dedupe on it),
/// <c>X-Changxiao-Timestamp</c> (Unix seconds) and <c>X-Changxiao-Signature: sha256=HEX</c> (see
/// <see cref="WebhookSignature"/>). Any 2xx answer is a delivery; anything else is retried. Redirects are not followed.
/// </summary>
public sealed class WebhookSender(NotificationSettings settings, TimeProvider clock) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    public sealed record Payload(string Event, Guid Id, Guid? PersonId, string Subject, string Body, string? Link, DateTimeOffset CreatedAt);

    public string BodyOf(OutboxRow row) => JsonSerializer.Serialize(
        new Payload("notification", row.Id, row.PersonId, row.Subject, row.Body, settings.AbsoluteLink(row.Link),
            DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs)), Json);

    public async Task SendAsync(OutboxRow row, CancellationToken ct)
    {
        var secret = settings.WebhookSecret ?? throw new DeliveryException("Webhook 密钥未配置（Changxiao:Webhooks:Secret）");
        var body = BodyOf(row);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, row.Address) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.DeliveryHeader, row.Id.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        request.Headers.UserAgent.ParseAdd("Changxiao-Webhook/1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.SendTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DeliveryException($"Webhook 超时（{settings.SendTimeout.TotalSeconds:0} 秒）");
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException($"Webhook 连接失败：{e.Message}", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new DeliveryException($"Webhook 返回 HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    public void Dispose() => _http.Dispose();
}
