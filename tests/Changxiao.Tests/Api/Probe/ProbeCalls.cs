using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Changxiao.Kernel.Packs;
using Changxiao.Store.Matters;

namespace Changxiao.Tests.Api.Probe;

/// <summary>One operation of the OpenAPI document.</summary>
public sealed record ApiOperation(string Method, string Path, string Id, IReadOnlyList<ApiParam> Params, string? BodyType, JsonObject? BodySchema)
{
    public override string ToString() => $"{Method} {Path} ({Id})";

    public static IReadOnlyList<ApiOperation> Read(JsonNode doc)
    {
        var ops = new List<ApiOperation>();
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (method == "parameters") continue;
                var op = node!.AsObject();
                var ps = (op["parameters"]?.AsArray() ?? []).Select(p => new ApiParam(p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(),
                    p["required"]?.GetValue<bool>() ?? false, Resolve(doc, p["schema"]?.AsObject() ?? []))).ToList();
                string? bodyType = null;
                JsonObject? body = null;
                if (op["requestBody"]?["content"]?.AsObject() is { } content)
                {
                    var (type, media) = content.First();
                    bodyType = type;
                    body = Resolve(doc, media!["schema"]?.AsObject() ?? []);
                }
                ops.Add(new ApiOperation(method.ToUpperInvariant(), path, op["operationId"]?.GetValue<string>() ?? $"{method} {path}", ps, bodyType, body));
            }
        }
        return ops;
    }

    /// <summary>A schema with its <c>$ref</c>s (and a nullable <c>oneOf</c>) replaced by what they point at, recursively.</summary>
    public static JsonObject Resolve(JsonNode doc, JsonObject schema, int depth = 0)
    {
        if (depth > 20) return schema;
        if (schema["$ref"]?.GetValue<string>() is { } r)
        {
            var target = doc["components"]!["schemas"]![r.Split('/')[^1]]!.AsObject();
            var resolved = Resolve(doc, target, depth + 1);
            resolved["x-name"] = r.Split('/')[^1];
            return resolved;
        }
        var copy = schema.DeepClone().AsObject();
        if (copy["oneOf"] is JsonArray one && one.FirstOrDefault(s => s!["type"]?.ToString() != "null") is { } real)
            return Resolve(doc, real.AsObject(), depth + 1);
        if (copy["properties"] is JsonObject props)
        {
            foreach (var name in props.Select(p => p.Key).ToList())
                props[name] = Resolve(doc, props[name]!.AsObject(), depth + 1);
        }
        if (copy["items"] is JsonObject items) copy["items"] = Resolve(doc, items, depth + 1);
        if (copy["additionalProperties"] is JsonObject extra) copy["additionalProperties"] = Resolve(doc, extra, depth + 1);
        return copy;
    }
}

public sealed record ApiParam(string Name, string In, bool Required, JsonObject Schema)
{
    public bool IsUuid => Schema["format"]?.GetValue<string>() == "uuid";

    public bool IsBool => Schema["type"]?.ToJsonString().Contains("boolean") == true;

    public bool IsInteger => Schema["type"]?.ToJsonString().Contains("integer") == true;
}

/// <summary>The probe cannot fill something an operation asks for: it must be taught (a new endpoint, a new parameter).</summary>
public sealed class UnexercisableException(string why) : Exception(why);

/// <summary>
/// What the probe aims at: objects of one kind each (B's, or the same shape of ids that exist nowhere — the ghost — to see
/// whether an answer about B differs from an answer about nothing). Lists may be empty: the subject's walk aims only at
/// the matter about them.
/// </summary>
public sealed record Aim(
    string Name,
    IReadOnlyList<Guid> Units, IReadOnlyList<Guid> People, IReadOnlyList<Guid> Posts, IReadOnlyList<Guid> RoleAssignments,
    IReadOnlyList<Guid> Accounts, IReadOnlyList<Guid> Tokens, IReadOnlyList<Guid> Notifications, IReadOnlyList<MatterCase> Matters,
    IReadOnlyList<string> UnitCodes, IReadOnlyList<string> PersonCodes, IReadOnlyList<string> Usernames, IReadOnlyList<string> Search,
    IReadOnlyList<string> Months)
{
    /// <summary>Whether an empty list makes an operation unexercisable (B's walk) or just means "nothing of that kind here".</summary>
    public bool Strict { get; init; } = true;

    /// <summary>A ghost's codes are made up afresh for every request: one a request created must not stand for "nothing" later.</summary>
    public bool IsGhost { get; init; }

    public IEnumerable<string> Attachments => Matters.SelectMany(m => m.Attachments);

    /// <summary>The same shape, every id and code made up: answers to it are what "does not exist" looks like.</summary>
    public Aim Ghost()
    {
        var map = new Dictionary<Guid, Guid>();
        Guid G(Guid g) => map.TryGetValue(g, out var x) ? x : map[g] = Guid.CreateVersion7();
        List<Guid> Gs(IEnumerable<Guid> gs) => gs.Select(G).ToList();
        static string Made(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];
        return new Aim("ghost", Gs(Units), Gs(People), Gs(Posts), Gs(RoleAssignments), Gs(Accounts), Gs(Tokens), Gs(Notifications),
            Matters.Select(m => m with
            {
                Id = G(m.Id),
                Attachments = m.Attachments.Select(a => a[..(a.IndexOf('/') + 1)] + Guid.NewGuid().ToString("N") + Path.GetExtension(a)).ToList(),
            }).ToList(),
            UnitCodes.Select(_ => Made("GH-U")).ToList(), PersonCodes.Select(_ => Made("GH-P")).ToList(), Usernames.Select(_ => Made("ghost-")).ToList(),
            Search.Select(_ => Made("幽灵")).ToList(), Months) { Strict = Strict, IsGhost = true };
    }

    /// <summary>Every value of this aim an answer might echo (ids in both spellings), longest first.</summary>
    public IReadOnlyList<string> Values() =>
        Units.Concat(People).Concat(Posts).Concat(RoleAssignments).Concat(Accounts).Concat(Tokens).Concat(Notifications).Concat(Matters.Select(m => m.Id))
            .SelectMany(g => new[] { g.ToString("D"), g.ToString("N") })
            .Concat(UnitCodes).Concat(PersonCodes).Concat(Usernames).Concat(Search)
            .Concat(Attachments.SelectMany(a => new[] { a, a[(a.IndexOf('/') + 1)..] }))
            .Distinct().OrderByDescending(v => v.Length).ToList();
}

/// <summary>
/// The actor's own objects: for bodies that mix one of B's ids (or codes) with the actor's own (<c>Unit</c>, <c>Person</c>,
/// <c>Matter</c>), and as the object a body with B's ids is sent to — moving one's own unit under B, one's own person into B,
/// naming B's people on one's own matter (<c>PathUnit</c>, <c>PathPerson</c>, <c>PathPost</c>, <c>PathMatter</c>).
/// </summary>
public sealed record Own(Guid Unit, string UnitCode, Guid Person, Guid Matter, Guid PathUnit, Guid PathPerson, Guid PathPost, MatterCase PathMatter);

/// <summary>One request the probe sends.</summary>
public sealed record ProbeCall(ApiOperation Op, string Variant, string Url, string? Json, string? FileName, byte[]? File)
{
    /// <summary>How a variant sent to the actor's own object (rather than to B's) starts.</summary>
    public const string OwnObject = "own object, ";

    /// <summary>All the request says (to tell an echo from a leak).</summary>
    public string Sent
    {
        get
        {
            var text = Url + "\n" + Uri.UnescapeDataString(Url) + "\n" + Json + "\n" + FileName + "\n" + (File is null ? "" : Encoding.UTF8.GetString(File));
            // The server writes ids it was given in its own spelling (32 hex digits): still an echo.
            var ids = Regex.Matches(text, "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}").Select(m => Guid.Parse(m.Value).ToString("N"));
            return text + "\n" + string.Join("\n", ids);
        }
    }

    public HttpRequestMessage Request()
    {
        var req = new HttpRequestMessage(new HttpMethod(Op.Method), Url);
        if (Json is not null) req.Content = new StringContent(Json, Encoding.UTF8, "application/json");
        if (File is not null)
        {
            var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(File);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            form.Add(part, "file", FileName!);
            req.Content = form;
        }
        return req;
    }

    public override string ToString() => $"{Op.Method} {Uri.UnescapeDataString(Url)} [{Variant}]" + (Json is null ? "" : " " + Json) + (File is null ? "" : $" file {FileName}: {Encoding.UTF8.GetString(File).ReplaceLineEndings(" / ")}");
}

/// <summary>
/// Turns an operation into requests aimed at an <see cref="Aim"/>: path parameters filled by what they name (the segment
/// before an <c>{id}</c>, the pack a <c>{kind}</c> belongs to …), each query parameter on its own, bodies built from the
/// schema with the aim's ids wherever an id is asked for — all of them, then one kind at a time with the actor's own ids
/// for the rest, then the aim's codes with the actor's own ids. What it cannot fill throws <see cref="UnexercisableException"/>.
/// Given two aims of the same shape (B and its ghost) it makes the same requests in the same order.
/// </summary>
public sealed class ProbeCalls(PackCatalog packs, Own own)
{
    private sealed record Ctx(MatterCase? Matter = null, string? Pack = null, string? Kind = null, string? EntityType = null, string? Action = null, string? File = null,
        bool OwnPath = false);

    /// <summary>The entity types the journal's history knows, and which of the aim's lists their ids come from.</summary>
    private static readonly (string Type, Func<Aim, IEnumerable<Guid>> Ids)[] EntityTypes =
    [
        ("unit", a => a.Units), ("person", a => a.People), ("post", a => a.Posts), ("account", a => a.Accounts),
        ("role-assignment", a => a.RoleAssignments), ("matter", a => a.Matters.Select(m => m.Id)), ("token", a => a.Tokens),
        ("notification", a => a.Notifications),
    ];

    public IReadOnlyList<ProbeCall> For(ApiOperation op, Aim aim)
    {
        var calls = new List<ProbeCall>();
        if (op.Params.FirstOrDefault(p => p.In is not ("path" or "query")) is { } other)
            throw new UnexercisableException($"{other.In} parameter {other.Name}: the probe sends path and query parameters only");
        if (op.BodySchema is not null && op.Params.Any(p => p.In == "query"))
            throw new UnexercisableException("a body and query parameters: the probe sends one or the other");
        foreach (var (path, ctx) in Paths(op, aim))
        {
            if (op.BodySchema is not null)
            {
                try
                {
                    foreach (var (variant, json, file, name) in Bodies(op, ctx, aim).ToList())
                    {
                        // Sent to one's own object, a body matters only for what of B it names.
                        if (ctx.OwnPath && variant == "nothing of B") continue;
                        calls.Add(new ProbeCall(op, (ctx.OwnPath ? ProbeCall.OwnObject : "") + variant, path, json, name, file));
                    }
                }
                catch (UnexercisableException) when (!aim.Strict)
                {
                    // The subject's walk aims at one matter: a body that needs a unit or person of the aim has none to take.
                }
                continue;
            }
            calls.Add(new ProbeCall(op, "no query", path, null, null, null));
            foreach (var p in op.Params.Where(p => p.In == "query"))
            {
                foreach (var v in QueryValues(p, aim))
                    calls.Add(new ProbeCall(op, $"{p.Name}", path + "?" + p.Name + "=" + Uri.EscapeDataString(v), null, null, null));
            }
            var all = op.Params.Where(p => p.In == "query").Select(p => (p.Name, Values: QueryValues(p, aim))).Where(x => x.Values.Count > 0).ToList();
            if (all.Count > 1)
                calls.Add(new ProbeCall(op, "every query parameter", path + "?" + string.Join("&", all.Select(x => x.Name + "=" + Uri.EscapeDataString(x.Values[0]))), null, null, null));
        }
        return calls;
    }

    // ---- path ----------------------------------------------------------------------------------

    private IEnumerable<(string Path, Ctx Ctx)> Paths(ApiOperation op, Aim aim)
    {
        var segments = op.Path.Split('/');
        IEnumerable<(List<string> Done, Ctx Ctx)> partial = [([], new Ctx())];
        for (var i = 0; i < segments.Length; i++)
        {
            var seg = segments[i];
            if (!(seg.StartsWith('{') && seg.EndsWith('}')))
            {
                partial = partial.Select(p => (p.Done.Append(seg).ToList(), p.Ctx)).ToList();
                continue;
            }
            var name = seg[1..^1];
            if (!op.Params.Any(p => p.In == "path" && p.Name == name)) throw new UnexercisableException($"path parameter {{{name}}} is not described");
            var previous = i > 0 ? segments[i - 1] : "";
            partial = partial.SelectMany(p => PathValues(op, name, previous, p.Ctx, aim)
                .Select(v => (p.Done.Append(Uri.EscapeDataString(v.Value)).ToList(), v.Ctx))).ToList();
        }
        return partial.Select(p => (string.Join("/", p.Done), p.Ctx));
    }

    private IEnumerable<(string Value, Ctx Ctx)> PathValues(ApiOperation op, string name, string previous, Ctx ctx, Aim aim)
    {
        // With a body, the actor's own object of the kind as well: a body naming B must not move it into B or tie it to B.
        var withBody = op.BodySchema is not null && op.BodyType == "application/json";
        IEnumerable<(string, Ctx)> Ids(IEnumerable<Guid> ids, Guid? mine = null) =>
            ids.Select(g => (g.ToString(), ctx)).Concat(withBody && mine is { } m ? [(m.ToString(), ctx with { OwnPath = true })] : []);
        switch (name)
        {
            case "id" when previous == "{entityType}":
                return Ids(EntityTypes.Single(e => e.Type == ctx.EntityType).Ids(aim));
            case "id":
                return previous switch
                {
                    "units" => Ids(aim.Units, own.PathUnit),
                    "people" => Ids(aim.People, own.PathPerson),
                    "posts" => Ids(aim.Posts, own.PathPost),
                    "role-assignments" => Ids(aim.RoleAssignments),
                    "accounts" => Ids(aim.Accounts),
                    "tokens" => Ids(aim.Tokens),
                    "inbox" => Ids(aim.Notifications),
                    "matters" => aim.Matters.Select(m => (m.Id.ToString(), ctx with { Matter = m, Pack = m.Pack, Kind = m.Kind }))
                        .Concat(withBody ? [(own.PathMatter.Id.ToString(), ctx with { Matter = own.PathMatter, Pack = own.PathMatter.Pack, Kind = own.PathMatter.Kind, OwnPath = true })] : []),
                    _ => throw new UnexercisableException($"{{id}} after “{previous}”: which kind of object is it?"),
                };
            case "entityType":
                return EntityTypes.Select(e => (e.Type, ctx with { EntityType = e.Type }));
            case "pack" or "packId":
                return packs.Current.OrderBy(p => p.Id).Select(p => (p.Id, ctx with { Pack = p.Id }));
            case "kind" when ctx.Pack is { } pack:
                return packs.CurrentOf(pack)!.Kinds.Keys.Select(k => (k, ctx with { Kind = k }));
            case "action" when ctx.Matter is { } m:
                return m.Actions.Select(a => (a, ctx with { Action = a }));
            case "field" when ctx.Matter is { } m:
                return m.Fields.Select(f => (f, ctx));
            case "year" when ctx.Matter is { } m:
                // The matter's own attachments, else another aimed matter's (serving B's file through a matter that does not hold it).
                var files = m.Attachments.Count > 0 ? m.Attachments : aim.Attachments.Take(1).ToList();
                if (files.Count == 0 && aim.Strict) throw new UnexercisableException("no attachment to aim at");
                if (files.Any(f => !f.Contains('/'))) throw new UnexercisableException("attachment ids are no longer year/name: teach the probe");
                return files.Select(f => (f[..f.IndexOf('/')], ctx with { File = f }));
            case "name" when ctx.File is { } file:
                return [(file[(file.IndexOf('/') + 1)..], ctx)];
            default:
                throw new UnexercisableException($"path parameter {{{name}}} of {op.Path}: the probe does not know what to put there");
        }
    }

    // ---- query ---------------------------------------------------------------------------------

    private IReadOnlyList<string> QueryValues(ApiParam p, Aim aim)
    {
        var states = aim.Matters.Select(m => m.Pack).Distinct().ToList();
        return p.Name.ToLowerInvariant() switch
        {
            "unitid" => aim.Units.Select(g => g.ToString()).ToList(),
            "personid" or "partymember" => aim.People.Select(g => g.ToString()).ToList(),
            "q" => aim.Search,
            "pack" => aim.Matters.Select(m => m.Pack).Distinct().ToList(),
            "kind" => aim.Matters.Select(m => m.Kind).Distinct().ToList(),
            "state" => aim.Matters.SelectMany(m => packs.CurrentOf(m.Pack)?.Kinds.GetValueOrDefault(m.Kind)?.States.Keys ?? []).Distinct().ToList(),
            "level" => ["red", "yellow", "none"],
            "month" => aim.Months,
            "entitytype" => EntityTypes.Select(e => e.Type).ToList(),
            "beforeseq" => [long.MaxValue.ToString(CultureInfo.InvariantCulture)],
            "page" => ["1"],
            "pagesize" => ["200"],
            _ when p.IsBool => ["true"],
            _ when p.IsInteger => ["1"],
            _ => throw new UnexercisableException($"query parameter {p.Name}: the probe does not know what to put there"),
        };
    }

    // ---- body ----------------------------------------------------------------------------------

    /// <summary>What a value in a body stands for. <c>Place</c> is where the object goes (a unit id at the top of the body); <c>Unit</c> a unit it refers to.</summary>
    private enum Slot { Place, Unit, Person, Matter, Attachment, UnitCode, PersonCode, Username }

    /// <summary>Which slots take the aim's value in a variant; the others take the actor's own (codes: a fresh one).</summary>
    private sealed record Fill(string Name, Func<Slot, bool> Aimed);

    private IEnumerable<(string Variant, string? Json, byte[]? File, string? FileName)> Bodies(ApiOperation op, Ctx ctx, Aim aim)
    {
        if (op.BodyType == "multipart/form-data")
        {
            foreach (var v in Files(op, aim)) yield return (v.Variant, null, v.Bytes, v.Name);
            yield break;
        }
        if (op.BodyType != "application/json") throw new UnexercisableException($"request body {op.BodyType}: the probe sends JSON and multipart only");
        // A dry run finds the slots the body has; then one body per variant.
        var used = new HashSet<Slot>();
        Build(op.BodySchema!, "", op, ctx, aim, new Fill("dry", _ => true), used);
        var idSlots = used.Where(s => s is Slot.Place or Slot.Unit or Slot.Person or Slot.Matter or Slot.Attachment).ToList();
        var codeSlots = used.Where(s => s is Slot.UnitCode or Slot.PersonCode or Slot.Username).ToList();
        var fills = new List<Fill> { new(idSlots.Count + codeSlots.Count == 0 ? "nothing of B" : "all B", _ => true) };
        if (codeSlots.Count > 0 && idSlots.Count > 0) fills.Add(new Fill("ids B, codes fresh", x => idSlots.Contains(x)));
        if (idSlots.Count > 1)
            fills.AddRange(idSlots.Select(s => new Fill($"{s} B, rest own", x => x == s)));
        if (codeSlots.Count > 0 && idSlots.Count > 0) fills.Add(new Fill("codes B, ids own", x => codeSlots.Contains(x)));
        foreach (var fill in fills)
        {
            var body = Build(op.BodySchema!, "", op, ctx, aim, fill, []);
            yield return (fill.Name, body?.ToJsonString() ?? "null", null, null);
        }
    }

    private JsonNode? Build(JsonObject schema, string name, ApiOperation op, Ctx ctx, Aim aim, Fill fill, HashSet<Slot> used)
    {
        var n = name.ToLowerInvariant();
        var type = schema["type"]?.ToJsonString() ?? "";
        string Slotted(Slot s)
        {
            used.Add(s);
            return Value(s, aim, fill.Aimed(s));
        }
        if (schema["format"]?.GetValue<string>() == "uuid")
        {
            return n switch
            {
                "parentid" or "unitid" when schema.Parent?.Parent?["x-name"] is not null => Slotted(Slot.Place),
                "parentid" or "unitid" => Slotted(Slot.Unit),
                "personid" or "holderid" => Slotted(Slot.Person),
                "matterid" => Slotted(Slot.Matter),
                _ => throw new UnexercisableException($"body property {name} of {op.Id}: an id of what?"),
            };
        }
        if (n == "fields" && type.Contains("object")) return Fields(op, ctx, aim, fill, used);
        if (n == "parties" && type.Contains("object")) return Parties(op, ctx, aim, fill, used);
        if (schema["properties"] is JsonObject props)
        {
            var o = new JsonObject();
            foreach (var (prop, s) in props) o[prop] = Build(s!.AsObject(), prop, op, ctx, aim, fill, used);
            return o;
        }
        if (type.Contains("array") && schema["items"] is JsonObject items)
        {
            if (n == "signers") return new JsonArray(JsonValue.Create(Slotted(Slot.Person)));
            return new JsonArray(Build(items, name, op, ctx, aim, fill, used));
        }
        if (type.Contains("boolean")) return JsonValue.Create(true);
        if (type.Contains("integer") || type.Contains("number")) return JsonValue.Create(1);
        if (type.Contains("string"))
        {
            return n switch
            {
                "code" when schema.Parent?.Parent?["x-name"]?.GetValue<string>() is "PersonBody" || op.Path.Contains("/people") => Slotted(Slot.PersonCode),
                "code" => Slotted(Slot.UnitCode),
                "username" => Slotted(Slot.Username),
                "password" => "Probe-Passw0rd-2025",
                "kind" => "section",
                "rank" => "staff",
                "role" => "officer",
                "phone" => "13912340000",
                "email" => "probe@probe.test",
                _ => "探针文本",
            };
        }
        throw new UnexercisableException($"body property {name} of {op.Id}: type {type}");
    }

    private string Value(Slot s, Aim aim, bool aimed)
    {
        static T First<T>(IReadOnlyList<T> list, string what) => list.Count > 0 ? list[0] : throw new UnexercisableException("the aim has no " + what);
        var fresh = "PR-" + Guid.NewGuid().ToString("N")[..8];
        return s switch
        {
            Slot.Place or Slot.Unit => aimed ? First(aim.Units, "unit").ToString() : own.Unit.ToString(),
            Slot.Person => aimed ? First(aim.People, "person").ToString() : own.Person.ToString(),
            Slot.Matter => aimed ? First(aim.Matters, "matter").Id.ToString() : own.Matter.ToString(),
            Slot.Attachment => aimed ? First(aim.Attachments.ToList(), "attachment") : "2025/" + new string('0', 32) + ".pdf",
            Slot.UnitCode => aimed && !aim.IsGhost ? First(aim.UnitCodes, "unit code") : fresh,
            Slot.PersonCode => aimed && !aim.IsGhost ? First(aim.PersonCodes, "person code") : fresh,
            _ => aimed && !aim.IsGhost ? First(aim.Usernames, "username") : fresh.ToLowerInvariant(),
        };
    }

    private (MatterKind Kind, ActionDef? Action) KindOf(ApiOperation op, Ctx ctx)
    {
        var pack = ctx.Pack is null ? null : packs.CurrentOf(ctx.Pack);
        if (pack is null || ctx.Kind is null || !pack.Kinds.TryGetValue(ctx.Kind, out var kind))
            throw new UnexercisableException($"{op.Id}: matter fields or parties, but no pack and kind to take them from");
        return (kind, ctx.Action is { } a && kind.Actions.TryGetValue(a, out var action) ? action : null);
    }

    /// <summary>Plausible field values: what opening requires and every field that refers to something (unit, person, matter, file); for an action, what it sets.</summary>
    private JsonObject Fields(ApiOperation op, Ctx ctx, Aim aim, Fill fill, HashSet<Slot> used)
    {
        var (kind, action) = KindOf(op, ctx);
        var o = new JsonObject();
        foreach (var f in kind.Fields.Values)
        {
            var wanted = action is not null ? action.Sets.Contains(f.Code)
                : f.Required || f.Type is FieldType.Unit or FieldType.Person or FieldType.Matter or FieldType.Attachment || f.ItemType == FieldType.Attachment;
            if (!wanted) continue;
            // An official stores no files: a command may name only what the matter already holds (or the portal stored for
            // it), so "own" leaves file fields out rather than name a file that is no one's (every such call would be a 400).
            if (f.Type == FieldType.Attachment || f.ItemType == FieldType.Attachment)
            {
                used.Add(Slot.Attachment);
                if (!fill.Aimed(Slot.Attachment)) continue;
            }
            o[f.Code] = FieldValue(f, f.Type, aim, fill, used);
        }
        return o;
    }

    private JsonNode? FieldValue(FieldDef f, FieldType type, Aim aim, Fill fill, HashSet<Slot> used)
    {
        JsonNode S(Slot s)
        {
            used.Add(s);
            return JsonValue.Create(Value(s, aim, fill.Aimed(s)));
        }
        return type switch
        {
            FieldType.Text => f.ConfidentialTo.Count > 0 ? "探针机密文本" : "探针文本",
            FieldType.Number or FieldType.Money => 1,
            FieldType.Date => "2025-10-01",
            FieldType.Choice => f.Options[0],
            FieldType.Bool => true,
            FieldType.Person => S(Slot.Person),
            FieldType.Unit => S(Slot.Unit),
            FieldType.Matter => S(Slot.Matter),
            FieldType.Attachment => S(Slot.Attachment),
            FieldType.List => new JsonArray(FieldValue(f, f.ItemType ?? FieldType.Text, aim, fill, used)),
            _ => throw new UnexercisableException($"field type {type}"),
        };
    }

    private JsonObject Parties(ApiOperation op, Ctx ctx, Aim aim, Fill fill, HashSet<Slot> used)
    {
        var (kind, action) = KindOf(op, ctx);
        var o = new JsonObject();
        foreach (var p in kind.Parties.Values.Where(p => p.Type != PartyType.Citizen && (action is null || action.Sets.Contains(p.Code))))
        {
            var slot = p.Type == PartyType.Unit ? Slot.Unit : Slot.Person;
            used.Add(slot);
            o[p.Code] = new JsonArray(JsonValue.Create(Value(slot, aim, fill.Aimed(slot))));
        }
        return o;
    }

    /// <summary>Files for an upload: the org import gets sheets whose rows name B's people and units from the actor's own place.</summary>
    private IEnumerable<(string Variant, string Name, byte[] Bytes)> Files(ApiOperation op, Aim aim)
    {
        if (op.Path != "/api/v1/import/org") throw new UnexercisableException($"{op.Id}: an upload, and the probe does not know what file to send");
        static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");
        if (aim.PersonCodes.Count == 0 || aim.UnitCodes.Count == 0) yield break;
        // A ghost's codes are fresh for each variant: a person an earlier ghost import created must not stand for "nobody" later.
        string Person() => aim.IsGhost ? "GH-P" + Guid.NewGuid().ToString("N")[..8] : aim.PersonCodes[0];
        string Unit() => aim.IsGhost ? "GH-U" + Guid.NewGuid().ToString("N")[..8] : aim.UnitCodes[0];
        yield return ("people: B's person moved into own unit", "people.csv", Csv("编号,姓名,单位编码,手机,邮箱", $"{Person()},探针改名,{own.UnitCode},,"));
        yield return ("people: B's person renamed where it is", "people.csv", Csv("编号,姓名,单位编码,手机,邮箱", $"{Person()},探针改名,{Unit()},,"));
        yield return ("posts: own post held by B's person", "posts.csv", Csv("单位编码,岗位名称,职级,在岗人员编号", $"{own.UnitCode},探针岗位,一般,{Person()}"));
        yield return ("units: B's unit moved under own unit", "units.csv", Csv("编码,名称,类型,上级编码", $"{Unit()},探针改名,section,{own.UnitCode}"));
    }
}
