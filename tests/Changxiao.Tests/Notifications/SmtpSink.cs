using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Changxiao.Tests.Notifications;

/// <summary>
/// A tiny SMTP server on 127.0.0.1 for tests: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. Keeps every
/// message it accepts; refuses recipients listed in <see cref="Reject"/> with 550.
/// </summary>
public sealed partial class SmtpSink : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    private SmtpSink()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    public ConcurrentQueue<SmtpMessage> Messages { get; } = new();

    public ConcurrentDictionary<string, bool> Reject { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static SmtpSink Start() => new();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => SessionAsync(client));
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 sink.test ESMTP test sink");
            string? from = null;
            var to = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                    case "HELO":
                        await writer.WriteLineAsync("250 sink.test");
                        break;
                    case "MAIL":
                        from = Angle(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        var rcpt = Angle(line);
                        if (Reject.ContainsKey(rcpt))
                        {
                            await writer.WriteLineAsync("550 5.1.1 mailbox unavailable");
                            break;
                        }
                        to.Add(rcpt);
                        await writer.WriteLineAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } d && d != ".")
                            data.Append(d.StartsWith('.') ? d[1..] : d).Append("\r\n");
                        Messages.Enqueue(new SmtpMessage(from ?? "", [.. to], data.ToString()));
                        await writer.WriteLineAsync("250 2.0.0 queued");
                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.1 not implemented");
                        break;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
    }

    private static string Angle(string line)
    {
        var m = AngleRegex().Match(line);
        return m.Success ? m.Groups[1].Value : line[(line.IndexOf(':') + 1)..].Trim();
    }

    [GeneratedRegex("<([^>]*)>")]
    private static partial Regex AngleRegex();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}

/// <summary>One accepted message: envelope and raw RFC 5322 text, with just enough MIME decoding for assertions.</summary>
public sealed partial record SmtpMessage(string From, IReadOnlyList<string> To, string Raw)
{
    /// <summary>Header fields, unfolded, first occurrence of each name.</summary>
    public IReadOnlyDictionary<string, string> Headers
    {
        get
        {
            var head = Raw.Split("\r\n\r\n", 2)[0];
            var unfolded = Regex.Replace(head, "\r\n[ \t]+", " ");
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in unfolded.Split("\r\n"))
            {
                var colon = line.IndexOf(':');
                if (colon > 0) result.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
            return result;
        }
    }

    public string Subject => DecodeWords(Headers.GetValueOrDefault("Subject") ?? "");

    /// <summary>The body, with its Content-Transfer-Encoding (base64, quoted-printable) undone; UTF-8.</summary>
    public string Body
    {
        get
        {
            var body = Raw.Split("\r\n\r\n", 2) is [_, var b] ? b : "";
            var cte = (Headers.GetValueOrDefault("Content-Transfer-Encoding") ?? "").ToLowerInvariant();
            if (cte == "base64") return Encoding.UTF8.GetString(Convert.FromBase64String(Regex.Replace(body, @"\s", "")));
            if (cte == "quoted-printable") return QuotedPrintable(body);
            return body;
        }
    }

    /// <summary>RFC 2047 encoded words (=?charset?B|Q?…?=), adjacent ones joined.</summary>
    public static string DecodeWords(string value)
    {
        var joined = Regex.Replace(value, @"\?=\s+=\?", "?==?");
        return EncodedWord().Replace(joined, m =>
        {
            var enc = Encoding.GetEncoding(m.Groups[1].Value);
            var text = m.Groups[3].Value;
            if (m.Groups[2].Value is "B" or "b") return enc.GetString(Convert.FromBase64String(text));
            return enc.GetString(QuotedPrintableBytes(text.Replace('_', ' ')));
        });
    }

    private static string QuotedPrintable(string text) =>
        Encoding.UTF8.GetString(QuotedPrintableBytes(text.Replace("=\r\n", "")));

    private static byte[] QuotedPrintableBytes(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();
}
