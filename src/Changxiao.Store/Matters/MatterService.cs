using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Rules;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Matters;

/// <summary>Filters of a matter list. Dates are Asia/Shanghai.</summary>
public sealed record MatterQuery(
    string? Pack = null, string? Kind = null, string? State = null, string? Level = null, Guid? UnitId = null,
    bool? Overdue = null, Guid? PartyMember = null, bool? Open = null, string? Q = null, int Page = 1, int PageSize = 20);

/// <summary>
/// Matter commands and queries: authorise (org scope, pack roles, parties, recusal), let the kernel's
/// MatterEngine decide, record its facts through the Writer, then carry out what they ask for
/// (linked matters, notifications, suspensions) in the same transaction.
/// </summary>
public sealed partial class MatterService(ChangxiaoDb db, Writer writer, PackCatalog packs, WorkCalendar calendar, TimeProvider clock, FieldCipher cipher)
{
    public const string ReadPermission = Permissions.MatterRead;

    private DateOnly Today => ChinaDate.FromInstant(clock.GetUtcNow());

    // ---- who may see and act ----------------------------------------------------------------

    /// <summary>The roles an actor holds over a unit: system roles by code, this pack's roles by their short code.</summary>
    public static IReadOnlySet<string> RolesOver(Actor actor, string packId, Guid unitId, string unitPath)
    {
        var roles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in actor.Grants)
        {
            if (!g.Covers(unitId, unitPath)) continue;
            var prefix = packId + "/";
            roles.Add(g.Role.StartsWith(prefix, StringComparison.Ordinal) ? g.Role[prefix.Length..] : g.Role);
        }
        return roles;
    }

    private static ActingAs ActingFor(Actor actor, string packId, Guid unitId, string unitPath) =>
        actor.IsSystem ? ActingAs.System(actor.Name)
            : new ActingAs(actor.PersonId, actor.Name, RolesOver(actor, packId, unitId, unitPath)) { HomeUnits = Kernel.Org.UnitPath.Ids(actor.HomePath) };

    /// <summary>
    /// The matters an actor may see: those in units where they hold a role of the matter's pack or a
    /// system role that reads matters, and those they are a party of — never one they are recused from.
    /// </summary>
    public IQueryable<MatterRow> Visible(Actor actor, ChangxiaoDb? source = null)
    {
        var from = source ?? db; // a command reads through its write scope's context
        var matters = from.Set<MatterRow>().AsNoTracking();
        if (actor.IsSystem) return matters;
        var person = actor.PersonId ?? Guid.Empty;
        var parties = from.Set<MatterPartyRow>().AsNoTracking();
        // Recused: named in a recused person party, or working in (or under) a unit of a recused unit party.
        var home = Kernel.Org.UnitPath.Ids(actor.HomePath).ToList();
        var recusedFrom = parties.Where(p => p.Recused && (p.MemberId == person || home.Contains(p.MemberId))).Select(p => p.MatterId);
        var partyOf = parties.Where(p => p.MemberId == person && !p.Recused).Select(p => p.MatterId);
        var q = matters.Where(m => !recusedFrom.Contains(m.Id));
        var readers = actor.Grants.Where(g => SystemRoles.Find(g.Role)?.Permissions.Contains(ReadPermission) == true).ToList();
        var packGrants = actor.Grants.Where(g => g.Role.Contains('/')).ToList();
        var units = from.Units.AsNoTracking();
        // One OR per grant; a person has a handful of grants, so the SQL stays small.
        System.Linq.Expressions.Expression<Func<MatterRow, bool>> visible = m => partyOf.Contains(m.Id);
        foreach (var g in readers.Concat(packGrants))
        {
            var pack = g.Role.Contains('/') ? g.Role[..g.Role.IndexOf('/')] : null;
            var path = g.UnitPath;
            var unitId = g.UnitId;
            System.Linq.Expressions.Expression<Func<MatterRow, bool>> byGrant = g.Subtree
                ? m => (pack == null || m.PackId == pack) && units.Where(u => u.Path.StartsWith(path)).Select(u => u.Id).Contains(m.UnitId)
                : m => (pack == null || m.PackId == pack) && m.UnitId == unitId;
            visible = Or(visible, byGrant);
        }
        return q.Where(visible);
    }

    private static System.Linq.Expressions.Expression<Func<T, bool>> Or<T>(System.Linq.Expressions.Expression<Func<T, bool>> a, System.Linq.Expressions.Expression<Func<T, bool>> b)
    {
        var p = System.Linq.Expressions.Expression.Parameter(typeof(T), "m");
        return System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(
            System.Linq.Expressions.Expression.OrElse(System.Linq.Expressions.Expression.Invoke(a, p), System.Linq.Expressions.Expression.Invoke(b, p)), p);
    }

    // ---- commands ------------------------------------------------------------------------------

    /// <summary>
    /// The actor name the portal gives an anonymous citizen: journaled as it is, seen by the kernel as "no name"
    /// (so the kind's <c>open.anonymous</c> decides). A named citizen's name is never the actor name — it goes into
    /// the kind's confidential fields.
    /// </summary>
    public const string AnonymousCitizen = "群众（匿名）";

    /// <summary>
    /// Opens a matter of a pack's current version. Returns its id, and the citizen's tracking code when asked for.
    /// <paramref name="alsoInTransaction"/> runs inside the same transaction after the matter is recorded, with its id and
    /// tracking code (the portal records its idempotency key there, so one never exists without the other).
    /// <paramref name="uploaded"/> are the attachments stored for this very command: the only ones a new matter may name.
    /// </summary>
    public async Task<(Guid Id, string? TrackingCode)> OpenAsync(Actor actor, string packId, string kindCode, OpenInput input,
        bool citizen = false, CancellationToken ct = default, Func<WriteScope, Guid, string?, Task>? alsoInTransaction = null,
        IReadOnlyCollection<string>? uploaded = null)
    {
        var pack = packs.CurrentOf(packId) ?? throw new NotFoundException("pack", packId);
        if (!pack.Kinds.ContainsKey(kindCode)) throw new NotFoundException("kind", $"{packId}/{kindCode}");
        var id = Guid.CreateVersion7();
        string? tracking = null;
        await writer.RunGroupedAsync(actor, async w =>
        {
            tracking = await OpenInScopeAsync(w, actor, pack, kindCode, id, input, citizen, ct, uploaded);
            if (alsoInTransaction is not null) await alsoInTransaction(w, id, tracking);
        }, ct);
        return (id, tracking);
    }

    private async Task<string?> OpenInScopeAsync(WriteScope w, Actor actor, Pack pack, string kindCode, Guid id, OpenInput input, bool citizen, CancellationToken ct,
        IReadOnlyCollection<string>? uploaded = null)
    {
        // Units are looked up only as routing needs them: an intake must not read the whole org tree.
        (Guid, string)? ByCode(string code) => w.UnitByCode(code);
        var lookups = new MatterLookups(UnitPath: w.UnitPath, LinkedDue: LinkedDueIn(w.Db));
        var routed = MatterEngine.RouteUnit(pack, kindCode, input, ByCode, lookups);
        if (routed is null && input.UnitId is null)
            throw FieldErrorsException.One("unitId", "必填：请选择责任单位（该类事项没有可用的自动分派规则）");
        // No route applied and the given unit has no path: it does not exist — the same answer as a unit out of scope.
        if (routed is null) throw new NotFoundException("unit", input.UnitId!.Value.ToString("N"));
        if (routed is { } r && !actor.IsSystem && !citizen)
        {
            // Opening in a unit outside one's org scope is not possible — the unit does not exist for them.
            var scope = AccessPolicy.ScopeOf(actor, Permissions.OrgRead);
            var packScope = actor.Grants.Any(g => g.Role.StartsWith(pack.Id + "/", StringComparison.Ordinal) && g.Covers(r.Item1, r.Item2));
            if (!scope.Contains(r.Item1, r.Item2) && !packScope) throw new NotFoundException("unit", r.Item1.ToString("N"));
        }
        var acting = citizen ? ActingAs.Citizen(actor.Name == AnonymousCitizen ? "" : actor.Name)
            : routed is { } rr ? ActingFor(actor, pack.Id, rr.Item1, rr.Item2) : ActingFor(actor, pack.Id, Guid.Empty, "");
        var today = TodayOf(w);
        var kind = pack.Kinds[kindCode];
        // Find, not a query: a matter opened earlier in this same transaction has raised the counter only in memory.
        var last = (await w.Db.Set<MatterCounterRow>().FindAsync([pack.Id, kindCode, today.Year], ct))?.Last ?? 0;
        var number = MatterNumber.Format(MatterNumber.FormatOf(pack.Id, kind), today.Year, last + 1);
        var facts = MatterEngine.Open(pack, kindCode, id, number, input, acting, today, calendar, ByCode, lookups);
        await RequireMembersAsync(w.Db, actor, kind, input.Fields, input.Parties, ct, uploaded: uploaded);
        await RecordAllAsync(w, facts, today, ct);
        if (!citizen) return null;
        var code = NewTrackingCode();
        var row = await w.Db.Set<MatterRow>().FindAsync([id], ct);
        row!.TrackingHash = Services.Passwords.Sha256(code);
        return code;
    }

    /// <summary>Takes an action on a matter. A recused actor, or one who cannot see it, gets "not found".</summary>
    public async Task ActAsync(Actor actor, Guid id, string action, ActInput input, CancellationToken ct = default)
    {
        await writer.RunGroupedAsync(actor, async w =>
        {
            var (row, snapshot, pack) = await LoadAsync(w.Db, id, ct);
            var acting = ActingFor(actor, pack.Id, snapshot.UnitId, snapshot.UnitPath);
            await RequireVisibleAsync(actor, row, snapshot, pack, acting, ct, w.Db);
            var facts = MatterEngine.Act(pack, snapshot, action, input, acting, TodayOf(w), calendar, Lookups(w.Db, actor, pack, snapshot));
            await RequireMembersAsync(w.Db, actor, pack.Kinds[snapshot.Kind], input.Fields, input.Parties, ct, held: snapshot);
            await RecordAllAsync(w, facts, TodayOf(w), ct);
        }, ct);
    }

    /// <summary>A citizen acts on their own matter (e.g. rates the reply), proved by the tracking code.</summary>
    public async Task<Guid> ActAsCitizenAsync(string trackingCode, string action, ActInput input, CancellationToken ct = default)
    {
        var hash = Services.Passwords.Sha256(trackingCode.Trim());
        var id = await db.Set<MatterRow>().AsNoTracking().Where(m => m.TrackingHash == hash).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct)
                 ?? throw new NotFoundException("matter", "tracking-code");
        await writer.RunGroupedAsync(Actor.System("citizen"), async w =>
        {
            var (_, snapshot, pack) = await LoadAsync(w.Db, id, ct);
            var facts = MatterEngine.Act(pack, snapshot, action, input, ActingAs.Citizen(), TodayOf(w), calendar);
            // A citizen sees no one's org: they may name only what their matter already holds.
            await RequireMembersAsync(w.Db, new Actor(null, null, "citizen", []), pack.Kinds[snapshot.Kind], input.Fields, input.Parties, ct, held: snapshot);
            await RecordAllAsync(w, facts, TodayOf(w), ct);
        }, ct);
        return id;
    }

    /// <summary>Reads a confidential field; the reading itself goes on the journal.</summary>
    public async Task<JsonNode?> ReadConfidentialAsync(Actor actor, Guid id, string field, CancellationToken ct = default)
    {
        JsonNode? value = null;
        await writer.RunGroupedAsync(actor, async w =>
        {
            var (row, snapshot, pack) = await LoadAsync(w.Db, id, ct);
            var acting = ActingFor(actor, pack.Id, snapshot.UnitId, snapshot.UnitPath);
            await RequireVisibleAsync(actor, row, snapshot, pack, acting, ct, w.Db);
            if (!MatterEngine.CanReadConfidential(pack, snapshot, field, acting)) throw new ForbiddenException("matter.confidential:" + field);
            var secret = await w.Db.Set<MatterSecretRow>().AsNoTracking().FirstOrDefaultAsync(s => s.MatterId == id && s.Field == field, ct);
            w.Record(new ConfidentialFieldRead(id, field, actor.PersonId, actor.Name));
            value = secret is null ? null : JsonNode.Parse(cipher.Decrypt(id, field, secret.Ciphertext));
        }, ct);
        return value;
    }

    /// <summary>
    /// Every id a command names — in its parties and in its person, unit, matter and attachment fields — resolves through
    /// the actor's own view, or the command is refused with a field error on each party or field naming what they cannot
    /// see. "No such" and "out of sight" get the same answer, so the check confirms nothing: a person or unit must be in
    /// the actor's org read scope (<see cref="Scoped"/>; a pack role reads the org where it is held), a matter one they may
    /// see (<see cref="Visible"/>, recusal); an attachment has no scope of its own, so it must be one this matter already
    /// holds or one stored for this very command (<paramref name="uploaded"/>: the portal's upload). What the same field or
    /// party of this matter already holds (<paramref name="held"/>) may always be named again: an edit re-sends it. The
    /// system actor (rules copying a source matter's fields, programmes, the sweep) sees everything that exists, and its
    /// attachments come from a matter that holds them. Checked after the engine accepted the form (so one who
    /// may not act learns nothing from it) and before anything is recorded.
    /// </summary>
    private async Task RequireMembersAsync(ChangxiaoDb db, Actor actor, MatterKind kind, IReadOnlyDictionary<string, JsonNode?>? fields,
        IReadOnlyDictionary<string, IReadOnlyList<Guid>>? parties, CancellationToken ct, MatterSnapshot? held = null, IReadOnlyCollection<string>? uploaded = null)
    {
        var named = new List<(string Code, Ref Type, Guid Id)>();
        var files = new List<(string Code, string Id)>();
        foreach (var (code, ids) in parties ?? new Dictionary<string, IReadOnlyList<Guid>>())
        {
            if (!kind.Parties.TryGetValue(code, out var def) || def.Type == PartyType.Citizen) continue;
            var kept = held?.PartyOf(code) ?? [];
            named.AddRange((ids ?? []).Where(id => !kept.Contains(id)).Select(id => (code, def.Type == PartyType.Person ? Ref.Person : Ref.Unit, id)));
        }
        foreach (var (code, raw) in fields ?? new Dictionary<string, JsonNode?>())
        {
            if (!kind.Fields.TryGetValue(code, out var def)) continue;
            var type = def.Type == FieldType.List ? def.ItemType : def.Type;
            var kept = held?.Fields.GetValueOrDefault(code);
            if (type is FieldType.Attachment)
            {
                var keptFiles = TextsIn(kept).ToHashSet(StringComparer.Ordinal);
                files.AddRange(TextsIn(raw).Where(a => !keptFiles.Contains(a)).Select(a => (code, a)));
            }
            else if (type is FieldType.Person or FieldType.Unit or FieldType.Matter)
            {
                var keptIds = GuidsIn(kept).ToHashSet();
                named.AddRange(GuidsIn(raw).Where(id => !keptIds.Contains(id))
                    .Select(id => (code, type == FieldType.Person ? Ref.Person : type == FieldType.Unit ? Ref.Unit : Ref.Matter, id)));
            }
        }
        if (named.Count == 0 && files.Count == 0) return;

        var seen = new HashSet<Guid>();
        var scoped = new Scoped(db, actor);
        if (IdsOf(Ref.Person) is { Count: > 0 } people) seen.UnionWith(await scoped.People().Where(p => people.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct));
        if (IdsOf(Ref.Unit) is { Count: > 0 } units) seen.UnionWith(await scoped.Units().Where(u => units.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct));
        if (IdsOf(Ref.Matter) is { Count: > 0 } matters)
        {
            // Visible settles org scope and recused parties in SQL; the snapshot settles the rest of recusal, as for a read.
            foreach (var m in await Visible(actor, db).Where(m => matters.Contains(m.Id)).Select(m => new { m.Id, m.PackId, m.PackVersion, m.Snapshot }).ToListAsync(ct))
            {
                var (snapshot, pack) = (MatterSnapshotJson.Read(m.Snapshot), packs.Get(m.PackId, m.PackVersion));
                if (actor.IsSystem || MatterEngine.CanSee(snapshot, pack, ActingFor(actor, pack.Id, snapshot.UnitId, snapshot.UnitPath))) seen.Add(m.Id);
            }
        }
        var fresh = new HashSet<string>(uploaded ?? [], StringComparer.Ordinal);
        var errors = new Check.Fields();
        foreach (var missing in named.Where(n => !seen.Contains(n.Id)).DistinctBy(n => n.Code))
            errors.Add(missing.Code, missing.Type switch { Ref.Person => "所选人员不存在", Ref.Unit => "所选单位不存在", _ => "所选事项不存在" });
        foreach (var missing in files.Where(f => !actor.IsSystem && !fresh.Contains(f.Id)).DistinctBy(f => f.Code))
            errors.Add(missing.Code, "所选附件不存在");
        errors.ThrowIfAny();

        List<Guid> IdsOf(Ref type) => named.Where(n => n.Type == type).Select(n => n.Id).Distinct().ToList();

        static IEnumerable<Guid> GuidsIn(JsonNode? node) => TextsIn(node).Select(t => Guid.TryParse(t, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty);

        static IEnumerable<string> TextsIn(JsonNode? node) => node switch
        {
            JsonArray a => a.SelectMany(TextsIn),
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => [v.GetValue<string>().Trim()],
            _ => [],
        };
    }

    private enum Ref { Person, Unit, Matter }

    // ---- recording and follow-ups --------------------------------------------------------------

    /// <summary>Records the engine's facts, then carries out the ones that ask for more: they are part of the same command.</summary>
    private async Task RecordAllAsync(WriteScope w, IReadOnlyList<IFact> facts, DateOnly today, CancellationToken ct)
    {
        foreach (var f in facts) w.Record(f);
        foreach (var f in facts)
        {
            switch (f)
            {
                case LinkedMatterRequested req:
                    await OpenLinkedAsync(w, req, today, ct);
                    break;
                case NotificationRequested n:
                    await NotifyAsync(w, n, ct);
                    break;
                case LinkedSuspended s:
                    foreach (var target in s.Targets) await SuspendOrResumeAsync(w, target, s.Id, suspend: true, today, ct);
                    break;
                case LinkedResumed s:
                    foreach (var target in s.Targets) await SuspendOrResumeAsync(w, target, s.Id, suspend: false, today, ct);
                    break;
            }
        }
    }

    private async Task OpenLinkedAsync(WriteScope w, LinkedMatterRequested req, DateOnly today, CancellationToken ct)
    {
        var source = await w.Db.Set<MatterRow>().FindAsync([req.Id], ct);
        var (packId, kind) = req.Kind.Contains('/') ? (req.Kind[..req.Kind.IndexOf('/')], req.Kind[(req.Kind.IndexOf('/') + 1)..]) : (source!.PackId, req.Kind);
        var pack = packs.CurrentOf(packId) ?? throw new InvalidOperationException($"linked kind {req.Kind}: pack {packId} is not loaded");
        var def = pack.Kinds[kind];
        var fields = req.Fields.ToDictionary(kv => kv.Key, kv => kv.Value?.DeepClone());
        var parties = new Dictionary<string, IReadOnlyList<Guid>>();
        if (req.About is { } about)
        {
            var party = def.Parties.ContainsKey("subject") ? "subject" : def.Parties.Values.FirstOrDefault(p => p.Type == PartyType.Person)?.Code;
            if (party is not null) parties[party] = [about];
        }
        // Whoever is recused from the source is recused from what it derives (a talk carrying the complaint's text must not
        // reach its subject) — the subject of the talk too, when the talk is about them.
        var sourceSnapshot = MatterSnapshotJson.Read(source!.Snapshot);
        var recused = MatterEngine.RecusedMembers(packs.Get(source.PackId, source.PackVersion), sourceSnapshot);
        var id = Guid.CreateVersion7();
        await OpenInScopeAsync(w, Actor.System("rule:" + req.Source), pack, kind, id, new OpenInput(fields, parties, source.UnitId) { Recused = recused },
            citizen: false, ct);
        w.Record(new MatterLinked(req.Id, MatterRelations.LedTo, id, kind));
        w.Record(new MatterLinked(id, MatterRelations.DerivedFrom, req.Id, source.Kind));
    }

    private async Task NotifyAsync(WriteScope w, NotificationRequested n, CancellationToken ct)
    {
        var row = (await w.Db.Set<MatterRow>().FindAsync([n.Id], ct))!;
        await NotifyAsync(w, n, new MatterLabel(row.Id, row.PackId, row.UnitId, row.Number, row.Title), ct);
    }

    /// <summary>What a warning says about its matter, and where its role holders are looked up; the sweep's snapshot, when it has one (for recusal).</summary>
    private sealed record MatterLabel(Guid Id, string PackId, Guid UnitId, string Number, string Title, MatterSnapshot? Snapshot = null);

    private async Task NotifyAsync(WriteScope w, NotificationRequested n, MatterLabel row, CancellationToken ct)
    {
        var people = new HashSet<Guid>(n.People);
        if (n.Roles.Count > 0)
        {
            var unit = await w.Db.Units.AsNoTracking().FirstAsync(u => u.Id == row.UnitId, ct);
            var keys = n.Roles.SelectMany(r => new[] { r, PackCatalog.RoleKey(row.PackId, r) }).ToList();
            var holders = await (from ra in w.Db.RoleAssignments.AsNoTracking()
                                 join u in w.Db.Units.AsNoTracking() on ra.UnitId equals u.Id
                                 where keys.Contains(ra.Role) && (ra.UnitId == row.UnitId || (ra.Subtree && unit.Path.StartsWith(u.Path)))
                                 select ra.PersonId).ToListAsync(ct);
            people.UnionWith(holders);
        }
        var level = n.Level switch { "red" => "红牌", "yellow" => "黄牌", _ => "提醒" };
        // Recusal is applied there, for every channel: the subject is never told, even when holding a role the ladder names.
        await w.NotifyAboutMatterAsync(row.Id, people, $"【{level}】{row.Number} {row.Title}", $"事项 {row.Number}（{row.Title}）时限预警：{level}。请及时办理。",
            $"/matters/{row.Id}", row.Snapshot, ct);
    }

    private async Task SuspendOrResumeAsync(WriteScope w, Guid target, Guid byMatter, bool suspend, DateOnly today, CancellationToken ct)
    {
        var (_, snapshot, pack) = await LoadAsync(w.Db, target, ct);
        var facts = suspend
            ? (snapshot.Suspended ? [] : MatterEngine.Suspend(pack, snapshot, "关联事项办理中", byMatter, today))
            : (snapshot.Suspended ? MatterEngine.Resume(pack, snapshot, byMatter, today) : []);
        foreach (var f in facts) w.Record(f);
    }

    // ---- reads ---------------------------------------------------------------------------------

    public async Task<(MatterRow Row, MatterSnapshot Snapshot, Pack Pack, ActingAs Acting)> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        // One query reads the row and checks the actor's scope; recusal is decided on the snapshot.
        var row = await Visible(actor).FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("matter", id.ToString("N"));
        var (snapshot, pack) = (MatterSnapshotJson.Read(row.Snapshot), packs.Get(row.PackId, row.PackVersion));
        var acting = ActingFor(actor, pack.Id, snapshot.UnitId, snapshot.UnitPath);
        if (!actor.IsSystem && !MatterEngine.CanSee(snapshot, pack, acting)) throw new NotFoundException("matter", id.ToString("N"));
        return (row, snapshot, pack, acting);
    }

    public async Task<(IReadOnlyList<MatterRow> Items, int Total)> ListAsync(Actor actor, MatterQuery q, CancellationToken ct = default)
    {
        var m = Visible(actor);
        if (q.Pack is { } p) m = m.Where(x => x.PackId == p);
        if (q.Kind is { } k) m = m.Where(x => x.Kind == k);
        if (q.State is { } s) m = m.Where(x => x.State == s);
        if (q.Level is { } l) m = l == "none" ? m.Where(x => x.Level == null) : m.Where(x => x.Level == l);
        if (q.Open is { } open) m = m.Where(x => x.Final != open);
        if (q.Overdue == true)
        {
            var today = Today.ToString("yyyy-MM-dd");
            m = m.Where(x => x.DueOn != null && string.Compare(x.DueOn, today) < 0);
        }
        if (q.UnitId is { } uid)
        {
            var unit = await new Scoped(db, actor).UnitAsync(uid, ct: ct);
            var under = db.Units.AsNoTracking().Where(u => u.Path.StartsWith(unit.Path)).Select(u => u.Id);
            m = m.Where(x => under.Contains(x.UnitId));
        }
        if (q.PartyMember is { } member)
        {
            var mine = db.Set<MatterPartyRow>().AsNoTracking().Where(pr => pr.MemberId == member && !pr.Recused).Select(pr => pr.MatterId);
            m = m.Where(x => mine.Contains(x.Id));
        }
        if (!string.IsNullOrWhiteSpace(q.Q)) m = m.Where(x => x.Number.Contains(q.Q) || x.Title.Contains(q.Q));
        var total = await m.CountAsync(ct);
        var size = Math.Clamp(q.PageSize, 1, 200);
        var items = await m.OrderByDescending(x => x.OpenedAtMs).Skip((Math.Max(q.Page, 1) - 1) * size).Take(size).ToListAsync(ct);
        return (items, total);
    }

    public async Task<(MatterRow Row, MatterSnapshot Snapshot, Pack Pack)> LoadAsync(ChangxiaoDb source, Guid id, CancellationToken ct, bool tracked = true)
    {
        var set = source.Set<MatterRow>();
        var row = tracked ? await set.FindAsync([id], ct) : await set.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (row is null) throw new NotFoundException("matter", id.ToString("N"));
        return (row, MatterSnapshotJson.Read(row.Snapshot), packs.Get(row.PackId, row.PackVersion));
    }

    private async Task RequireVisibleAsync(Actor actor, MatterRow row, MatterSnapshot snapshot, Pack pack, ActingAs acting, CancellationToken ct, ChangxiaoDb? source = null)
    {
        if (actor.IsSystem) return;
        // Recusal first: the subject of a matter never learns that it exists.
        if (!MatterEngine.CanSee(snapshot, pack, acting)) throw new NotFoundException("matter", row.Id.ToString("N"));
        if (!await Visible(actor, source).AnyAsync(m => m.Id == row.Id, ct)) throw new NotFoundException("matter", row.Id.ToString("N"));
    }

    private MatterLookups Lookups(ChangxiaoDb source, Actor actor, Pack pack, MatterSnapshot m) => new(
        UnitPath: uid => source.Units.AsNoTracking().Where(u => u.Id == uid).Select(u => u.Path).FirstOrDefault(),
        RolesOf: person =>
        {
            var grants = (from ra in source.RoleAssignments.AsNoTracking()
                          join u in source.Units.AsNoTracking() on ra.UnitId equals u.Id
                          where ra.PersonId == person
                          select new Grant(ra.Role, ra.UnitId, u.Path, ra.Subtree)).ToList();
            return RolesOver(new Actor(null, person, "", grants), pack.Id, m.UnitId, m.UnitPath);
        },
        LinkedDue: LinkedDueIn(source));

    /// <summary>
    /// The due date of a linked matter's clock. Reads any row: a matter field naming one the actor may not see is refused by
    /// <see cref="RequireMembersAsync"/> before anything is recorded, with the answer a nonexistent matter gets.
    /// </summary>
    private Func<Guid, string?, DateOnly?> LinkedDueIn(ChangxiaoDb source) => (other, clockCode) =>
    {
        var row = source.Set<MatterRow>().AsNoTracking().FirstOrDefault(x => x.Id == other);
        if (row is null) return null;
        var s = MatterSnapshotJson.Read(row.Snapshot);
        var c = clockCode is null ? s.Clocks.FirstOrDefault() : s.ClockOf(clockCode);
        return c?.Clock.Due(calendar);
    };

    private static DateOnly TodayOf(WriteScope w) => ChinaDate.FromInstant(DateTimeOffset.FromUnixTimeMilliseconds(w.NowMs));

    /// <summary>A citizen's tracking code: 16 characters from an alphabet without look-alikes (~80 bits).</summary>
    private static string NewTrackingCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(alphabet, 16);
        return string.Join("-", Enumerable.Range(0, 4).Select(i => new string(chars, i * 4, 4)));
    }
}
