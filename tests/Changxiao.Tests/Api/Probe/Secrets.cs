using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests.Api.Probe;

/// <summary>
/// What an actor must never read: ids (in both spellings the server uses, D and N) and strings (names, titles, codes,
/// markers), searched case-insensitively. <see cref="Public"/> strings are B's published fields, which the portal may show.
/// </summary>
public sealed class Secrets
{
    private readonly Dictionary<string, string> _needles = new(StringComparer.Ordinal); // lower-case needle → what it is

    public IReadOnlySet<Guid> Ids => _ids;
    private readonly HashSet<Guid> _ids = [];

    public HashSet<string> Public { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Needles => _needles.Keys;

    public void AddId(Guid id, string what)
    {
        if (id == Guid.Empty || !_ids.Add(id)) return;
        _needles[id.ToString("D")] = what;
        _needles[id.ToString("N")] = what;
    }

    /// <summary>A string long enough not to turn up by chance (in a random token, say): 6+ ASCII characters or 2+ others.</summary>
    public void AddString(string? s, string what)
    {
        if (string.IsNullOrWhiteSpace(s)) return;
        s = s.Trim();
        var ascii = s.All(c => c < 128);
        if (ascii ? s.Length < 6 : s.Length < 2) return;
        _needles.TryAdd(s.ToLowerInvariant(), what);
    }

    public void Remove(string s) => _needles.Remove(s.ToLowerInvariant());

    public Secrets With(Secrets other)
    {
        var all = new Secrets();
        foreach (var (k, v) in _needles.Concat(other._needles)) all._needles.TryAdd(k, v);
        all._ids.UnionWith(_ids);
        all._ids.UnionWith(other._ids);
        all.Public.UnionWith(Public);
        all.Public.UnionWith(other.Public);
        return all;
    }

    /// <summary>The secrets <paramref name="text"/> holds, except those the request itself carried (an echo tells nothing new).</summary>
    public IReadOnlyList<string> FoundIn(string text, string sent, bool allowPublic = false)
    {
        var hay = text.ToLowerInvariant();
        var said = sent.ToLowerInvariant();
        var found = new List<string>();
        foreach (var (needle, what) in _needles)
        {
            if (allowPublic && Public.Contains(needle)) continue;
            if (said.Contains(needle, StringComparison.Ordinal)) continue;
            var at = hay.IndexOf(needle, StringComparison.Ordinal);
            if (at < 0) continue;
            var from = Math.Max(0, at - 60);
            found.Add($"{what} “{needle}” in …{text.Substring(from, Math.Min(text.Length - from, needle.Length + 120)).ReplaceLineEndings(" ")}…");
        }
        return found;
    }

    /// <summary>Whether <paramref name="text"/> mentions any of these ids or strings at all (a database row, say).</summary>
    public bool Mentioned(string text)
    {
        var hay = text.ToLowerInvariant();
        return _needles.Keys.Any(n => hay.Contains(n, StringComparison.Ordinal));
    }

    /// <summary>
    /// Everything of township B read from the database: its units (by path), their people, posts, role assignments, accounts,
    /// tokens, matters (number, title, the text of their fields), notifications — plus the secrets that exist only as ciphertext
    /// or files (the fixture's list).
    /// </summary>
    public static async Task<Secrets> OfTownshipAsync(ProbeApp app)
    {
        var s = new Secrets();
        await using var db = app.Database.Open();
        var path = (await db.Units.AsNoTracking().SingleAsync(u => u.Id == app.TownB)).Path;
        var units = await db.Units.AsNoTracking().Where(u => u.Path.StartsWith(path)).ToListAsync();
        var unitIds = units.Select(u => u.Id).ToList();
        var people = await db.People.AsNoTracking().Where(p => unitIds.Contains(p.UnitId)).ToListAsync();
        var personIds = people.Select(p => p.Id).ToList();
        var posts = await db.Posts.AsNoTracking().Where(p => unitIds.Contains(p.UnitId)).ToListAsync();
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => unitIds.Contains(r.UnitId) || personIds.Contains(r.PersonId)).ToListAsync();
        var accounts = await db.Accounts.AsNoTracking().Where(a => personIds.Contains(a.PersonId)).ToListAsync();
        var accountIds = accounts.Select(a => a.Id).ToList();
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => accountIds.Contains(t.AccountId)).ToListAsync();
        var matters = await db.Set<MatterRow>().AsNoTracking().Where(m => unitIds.Contains(m.UnitId)).ToListAsync();
        var inbox = await db.Inbox.AsNoTracking().Where(m => personIds.Contains(m.PersonId)).ToListAsync();
        foreach (var u in units)
        {
            s.AddId(u.Id, "B unit id");
            s.AddString(u.Code, "B unit code");
            s.AddString(u.Name, "B unit name");
        }
        foreach (var p in people)
        {
            s.AddId(p.Id, "B person id");
            s.AddString(p.Code, "B person code");
            s.AddString(p.Name, "B person name");
            s.AddString(p.Phone, "B person phone");
            s.AddString(p.Email, "B person email");
        }
        foreach (var p in posts)
        {
            s.AddId(p.Id, "B post id");
            s.AddString(p.Title, "B post title");
        }
        foreach (var r in roles) s.AddId(r.Id, "B role assignment id");
        foreach (var a in accounts)
        {
            s.AddId(a.Id, "B account id");
            s.AddString(a.Username, "B username");
        }
        foreach (var t in tokens)
        {
            s.AddId(t.Id, "B token id");
            s.AddString(t.Name, "B token name");
        }
        foreach (var m in matters) AddMatter(s, m, "B matter");
        foreach (var n in inbox)
        {
            s.AddId(n.Id, "B notification id");
            s.AddString(n.Subject, "B notification subject");
        }
        foreach (var x in app.BSecrets) s.AddString(x, "B secret");
        // What other units' people are also called is not B's secret (two people may share a name).
        var others = await db.People.AsNoTracking().Where(p => !unitIds.Contains(p.UnitId)).Select(p => p.Name).ToListAsync();
        others.AddRange(await db.Units.AsNoTracking().Where(u => !unitIds.Contains(u.Id)).Select(u => u.Name).ToListAsync());
        foreach (var o in others) s.Remove(o);
        return s;
    }

    /// <summary>The subject's own matter: its id, number, title and the text of its fields.</summary>
    public static async Task<Secrets> OfSubjectMatterAsync(ProbeApp app)
    {
        var s = new Secrets();
        await using var db = app.Database.Open();
        AddMatter(s, await db.Set<MatterRow>().AsNoTracking().SingleAsync(m => m.Id == app.SubjectMatter.Id), "the subject's matter");
        foreach (var x in app.SubjectSecrets) s.AddString(x, "the subject's matter secret");
        return s;
    }

    private static void AddMatter(Secrets s, MatterRow m, string what)
    {
        s.AddId(m.Id, what + " id");
        s.AddString(m.Number, what + " number");
        // A title is the first text field or the number; a pack's own words (a talk's "超期未办") are nobody's secret.
        if (m.Title.StartsWith(ProbeApp.SecretPrefix, StringComparison.Ordinal) || m.Title.StartsWith(ProbeApp.SubjectPrefix, StringComparison.Ordinal))
            s.AddString(m.Title, what + " title");
        using var snapshot = JsonDocument.Parse(m.Snapshot);
        if (snapshot.RootElement.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Object)
        {
            foreach (var f in fields.EnumerateObject())
            {
                foreach (var v in f.Value.ValueKind == JsonValueKind.Array ? f.Value.EnumerateArray().ToList() : [f.Value])
                {
                    if (v.ValueKind != JsonValueKind.String) continue;
                    var text = v.GetString()!;
                    // Field texts the fixture marked (choice values and dates are the pack's, not B's); attachment ids are B's.
                    if (text.StartsWith(ProbeApp.SecretPrefix, StringComparison.Ordinal) || text.StartsWith(ProbeApp.SubjectPrefix, StringComparison.Ordinal))
                        s.AddString(text, $"{what} field {f.Name}");
                    else if (text.StartsWith(ProbeApp.PublicPrefix, StringComparison.Ordinal))
                    {
                        s.AddString(text, $"{what} published field {f.Name}");
                        s.Public.Add(text.ToLowerInvariant());
                    }
                    else if (text.Contains('/') && text.Length > 20) s.AddString(text, $"{what} attachment {f.Name}");
                }
            }
        }
    }
}

/// <summary>An answer as searchable text: headers (percent-decoded), JSON strings unescaped, Office files unzipped, HTML decoded.</summary>
public static class AnswerText
{
    public static string Of(HttpResponseMessage res, byte[] body)
    {
        var sb = new StringBuilder();
        foreach (var h in res.Headers.Concat(res.Content.Headers))
        {
            foreach (var v in h.Value) sb.Append(h.Key).Append(": ").Append(v).Append(" / ").Append(Unescape(v)).Append('\n');
        }
        sb.Append(Body(body));
        return sb.ToString();
    }

    public static string Body(byte[] body)
    {
        if (body.Length >= 4 && body[0] == 'P' && body[1] == 'K' && body[2] == 3 && body[3] == 4)
        {
            var sb = new StringBuilder();
            using var zip = new ZipArchive(new MemoryStream(body), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                using var r = new StreamReader(entry.Open(), Encoding.UTF8);
                var xml = r.ReadToEnd();
                sb.Append("[[").Append(entry.FullName).Append("]]\n").Append(xml).Append('\n').Append(WebUtility.HtmlDecode(xml)).Append('\n');
            }
            return sb.ToString();
        }
        var text = Encoding.UTF8.GetString(body);
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                var sb = new StringBuilder(text).Append('\n');
                Strings(doc.RootElement, sb);
                return sb.ToString();
            }
            catch (JsonException)
            {
            }
        }
        return text + "\n" + WebUtility.HtmlDecode(text);
    }

    private static void Strings(JsonElement e, StringBuilder sb)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    sb.Append(p.Name).Append('\n');
                    Strings(p.Value, sb);
                }
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) Strings(x, sb);
                break;
            case JsonValueKind.String:
                sb.Append(e.GetString()).Append('\n');
                break;
        }
    }

    private static string Unescape(string v)
    {
        try
        {
            return Uri.UnescapeDataString(v);
        }
        catch (UriFormatException)
        {
            return v;
        }
    }
}
