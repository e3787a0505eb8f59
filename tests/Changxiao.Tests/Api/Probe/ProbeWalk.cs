using System.Net;
using System.Text.Json.Nodes;
using Changxiao.Tests.Infrastructure;

namespace Changxiao.Tests.Api.Probe;

/// <summary>What the probe found: who, which operation, what kind of failure, and the evidence.</summary>
public sealed record Finding(string Actor, string Operation, string Kind, string Detail)
{
    /// <summary>A 2xx answer holds an out-of-scope id or marker.</summary>
    public const string Leak = "leak";

    /// <summary>A refusal (or any non-2xx answer) names an out-of-scope id or marker.</summary>
    public const string ErrorLeak = "error-leak";

    /// <summary>A 2xx call changed, or wrote a reference to, out-of-scope rows.</summary>
    public const string Changed = "changed";

    /// <summary>A refused call left something written (the journal head moved, a row changed).</summary>
    public const string RefusedButWrote = "refused-but-wrote";

    /// <summary>The answer about B's object differs from the answer about one that does not exist.</summary>
    public const string Confirms = "confirms";

    /// <summary>The server failed (5xx) on a plausible request.</summary>
    public const string ServerError = "server-error";

    /// <summary>The probe could not fill the operation: teach it.</summary>
    public const string Unexercisable = "unexercisable";

    /// <summary>An answer changed when only B's data did.</summary>
    public const string Moved = "moved-with-b";

    public override string ToString() => $"[{Kind}] {Actor} · {Operation}\n    {Detail.ReplaceLineEndings("\n    ")}";
}

/// <summary>An actor of the probe: anonymous (no login) or an account logged in like the console (cookie + CSRF header).</summary>
public sealed class ProbeActor(TestApp app, string name, string? login) : IDisposable
{
    private HttpClient? _http;

    public string Name => name;

    public bool Anonymous => login is null;

    public async Task<HttpClient> ClientAsync() => _http ??= login is null ? app.Anonymous() : await app.LoginAsync(login);

    /// <summary>A session the last call ended (a logout, say) is opened again before the next call.</summary>
    public void Forget()
    {
        _http?.Dispose();
        _http = null;
    }

    public void Dispose() => _http?.Dispose();
}

/// <summary>An answer: status, its searchable text, its body.</summary>
public sealed record Answer(int Status, string Text, byte[] Body, string? MediaType)
{
    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The answer with the aim's values blanked and the per-request trace id dropped, to compare a B answer with a ghost one.</summary>
    public string Normalised(Aim aim)
    {
        var text = System.Text.Encoding.UTF8.GetString(Body);
        if (MediaType?.Contains("json") == true)
        {
            try
            {
                if (JsonNode.Parse(text) is JsonObject o)
                {
                    o.Remove("traceId");
                    o.Remove("instance");
                    text = o.ToJsonString();
                }
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }
        foreach (var v in aim.Values()) text = text.Replace(v, "«»", StringComparison.OrdinalIgnoreCase);
        // Codes made up for one request (ProbeCalls): what they are does not matter, only that one was sent.
        text = System.Text.RegularExpressions.Regex.Replace(text, "(GH-[UP]|PR-|pr-|ghost-)[0-9a-f]{8}", "«»");
        return $"{Status} {text}";
    }
}

/// <summary>
/// Sends the probe's calls one by one and judges each: the answer (no out-of-scope id or marker unless the request carried
/// it), the database (a 2xx may change only what is in scope; a refusal changes nothing, the journal head included), and the
/// same call aimed at the ghost (a refusal about B must read exactly like a refusal about nothing). A call whose change was
/// a finding is undone, so the next call starts from the seeded state. Set PROBE_TRACE to a file name to log every call.
/// </summary>
public sealed class ProbeWalk(ProbeApp app, IReadOnlyList<DbState.Table> tables)
{
    private DbState? _state;

    public List<Finding> Findings { get; } = [];

    public int Calls { get; private set; }

    public async Task WalkAsync(ProbeActor who, IReadOnlyList<ApiOperation> ops, ProbeCalls builder, Aim aim, Secrets forbidden)
    {
        var ghost = aim.Ghost();
        foreach (var op in ops)
        {
            IReadOnlyList<ProbeCall> calls, ghosts;
            try
            {
                calls = builder.For(op, aim);
                ghosts = builder.For(op, ghost);
            }
            catch (UnexercisableException e)
            {
                Findings.Add(new Finding(who.Name, op.Id, Finding.Unexercisable, $"{op}: {e.Message}"));
                continue;
            }
            Assert.Equal(calls.Count, ghosts.Count);
            if (calls.Count == 0 && aim.Strict)
                Findings.Add(new Finding(who.Name, op.Id, Finding.Unexercisable, $"{op}: no request to send (nothing of B of the kind it asks for)"));
            for (var i = 0; i < calls.Count; i++)
            {
                var real = await CallAsync(who, calls[i], forbidden);
                var none = await CallAsync(who, ghosts[i], forbidden);
                if (real is null || none is null) continue;
                var (a, b) = (real.Normalised(aim), none.Normalised(ghost));
                // Two successes may differ in what they return (new ids); a refusal must not differ from a refusal about nothing.
                if (real.Status >= 500 || none.Status >= 500) continue; // reported as a server error already
                if (real.Status != none.Status || (!real.Ok && a != b))
                    Findings.Add(new Finding(who.Name, op.Id, Finding.Confirms,
                        $"{calls[i]}\n→ {Cut(a)}\nbut aimed at nothing: {ghosts[i]}\n→ {Cut(b)}"));
            }
        }
    }

    /// <summary>Sends one call and judges it; null when the server could not be asked (never, in practice).</summary>
    public async Task<Answer?> CallAsync(ProbeActor who, ProbeCall call, Secrets forbidden)
    {
        Calls++;
        await who.ClientAsync(); // logging in writes (last login, journal): before the comparison, not inside it
        var before = _state ??= await DbState.ReadAsync(app.Database, tables, long.MaxValue);
        var answer = await SendAsync(who, call);
        if (answer.Status == 401 && !who.Anonymous)
        {
            // The call ended the session (a logout): log in again outside the comparison, then ask once more.
            who.Forget();
            await who.ClientAsync();
            before = _state = await DbState.ReadAsync(app.Database, tables, long.MaxValue);
            answer = await SendAsync(who, call);
        }
        var after = await DbState.ReadAsync(app.Database, tables, before.JournalSeq);
        var changes = DbState.Diff(before, after);
        _state = after;

        var op = call.Op.Id;
        if (Environment.GetEnvironmentVariable("PROBE_TRACE") is { } trace)
            File.AppendAllText(trace, $"{who.Name} {call} → {answer.Status} changes {changes.Count}\n");
        if (answer.Status >= 500)
            Findings.Add(new Finding(who.Name, op, Finding.ServerError, $"{call}\n→ {answer.Status} {Cut(answer.Text)}"));
        foreach (var leak in forbidden.FoundIn(answer.Text, call.Sent))
            Findings.Add(new Finding(who.Name, op, answer.Ok ? Finding.Leak : Finding.ErrorLeak, $"{call}\n→ {answer.Status}: {leak}"));
        var undo = false;
        if (changes.Count > 0 && !answer.Ok)
        {
            Findings.Add(new Finding(who.Name, op, Finding.RefusedButWrote, $"{call}\n→ {answer.Status}, yet:\n{string.Join("\n", changes.Take(8))}"));
            undo = true;
        }
        else if (changes.Where(c => forbidden.Mentioned(c.Text)).ToList() is { Count: > 0 } outOfScope)
        {
            Findings.Add(new Finding(who.Name, op, Finding.Changed, $"{call}\n→ {answer.Status}, and:\n{string.Join("\n", outOfScope.Take(8).Select(c => Cut(c.ToString(), 600)))}"));
            undo = true;
        }
        // The actor's own objects are the fixture's, not a scratchpad: whatever a call did to them is undone too.
        if (undo || (call.Variant.StartsWith(ProbeCall.OwnObject, StringComparison.Ordinal) && changes.Count > 0))
        {
            await DbState.RestoreAsync(app.Database, tables, before, changes);
            _state = await DbState.ReadAsync(app.Database, tables, long.MaxValue);
            Assert.DoesNotContain(DbState.Diff(before, _state), c => c.Before?.Table != "journal" && c.After?.Table != "journal");
        }
        return answer;
    }

    public static async Task<Answer> SendAsync(ProbeActor who, ProbeCall call)
    {
        var http = await who.ClientAsync();
        using var req = call.Request();
        using var res = await http.SendAsync(req);
        var body = await res.Content.ReadAsByteArrayAsync();
        return new Answer((int)res.StatusCode, AnswerText.Of(res, body), body, res.Content.Headers.ContentType?.MediaType);
    }

    public static string Cut(string s, int max = 400)
    {
        s = s.ReplaceLineEndings(" ");
        return s.Length <= max ? s : s[..max] + "…";
    }
}
