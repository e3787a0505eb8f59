using System.Text.Json.Nodes;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using Changxiao.Store;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Web.Apis;

public static class MattersApi
{
    public sealed record TextDto(string Zh, string? En);
    /// <summary>A field of a kind; <c>Item</c> is a list's item type, <c>Kind</c> the kind a matter field refers to.</summary>
    public sealed record FieldDto(string Code, TextDto Title, string Type, bool Required, int? MaxLength, IReadOnlyList<string> Options, bool Confidential,
        string? Item, string? Kind);
    public sealed record PartyDto(string Code, TextDto Title, string Type, bool Recused, bool Many);
    public sealed record StateDto(string Code, TextDto Title, bool Final);
    /// <summary>An action; <c>RequiredWhen</c>: fields required only when a condition holds, with the condition as written.</summary>
    public sealed record ActionDto(string Code, TextDto Title, IReadOnlyList<string> From, string To, IReadOnlyList<string> Requires,
        IReadOnlyList<string> Sets, IReadOnlyList<string> Signoff, string? Confirm, IReadOnlyDictionary<string, string> RequiredWhen);
    public sealed record KindDto(string Code, TextDto Title, IReadOnlyList<FieldDto> Fields, IReadOnlyList<PartyDto> Parties,
        IReadOnlyList<StateDto> States, IReadOnlyList<ActionDto> Actions, IReadOnlyList<string> Clocks, IReadOnlyList<string> OpenBy, bool Citizens,
        IReadOnlyDictionary<string, TextDto> ClockTitles);
    public sealed record PackDto(string Id, int Version, TextDto Title, string Source, IReadOnlyList<KindDto> Kinds);

    /// <summary>A matter in a list. <c>StateTitle</c> is its state's title as of the pack version it runs under.</summary>
    public sealed record MatterItemDto(Guid Id, string Pack, int PackVersion, string Kind, string Number, string Title, string State, TextDto StateTitle,
        bool Final, Guid UnitId, string? UnitName, string? Level, string? DueOn, bool Overdue, DateTimeOffset OpenedAt);
    public sealed record ClockDto(string Code, string Limit, string StartedOn, string Due, string State, int DaysLeft, string? Level);
    public sealed record LinkDto(string Relation, Guid OtherId, string OtherKind);
    /// <summary>
    /// A matter in full. <c>Definition</c> is its kind as of the pack version it runs under, sent only when that is not the
    /// current version (the console otherwise has it from <c>GET /packs</c>): a matter keeps its version's actions and fields.
    /// </summary>
    public sealed record MatterDto(MatterItemDto Matter, JsonObject Fields, IReadOnlyDictionary<string, IReadOnlyList<Guid>> Parties,
        IReadOnlyList<ClockDto> Clocks, IReadOnlyList<LinkDto> Links, bool Suspended, IReadOnlyList<string> AvailableActions, KindDto? Definition);

    public sealed record OpenBody(JsonObject? Fields, Dictionary<string, List<Guid>>? Parties, Guid? UnitId);
    public sealed record ActBody(JsonObject? Fields, Dictionary<string, List<Guid>>? Parties, List<Guid>? Signers, bool Confirmed, string? Comment);

    public static RouteGroupBuilder MapMattersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/packs", (PackCatalog packs) => packs.Current.OrderBy(p => p.Id).Select(ToDto)).WithName("ListPacks");

        api.MapGet("/packs/{packId}", (string packId, PackCatalog packs) =>
            packs.CurrentOf(packId) is { } p ? Results.Ok(ToDto(p)) : throw new Kernel.Rules.NotFoundException("pack", packId)).WithName("GetPack");

        api.MapGet("/matters", async ([AsParameters] ListArgs a, HttpContext http, MatterService matters, ChangxiaoDb db, TimeProvider clock, PackCatalog packs) =>
        {
            var actor = await http.ActorAsync();
            var (items, total) = await matters.ListAsync(actor, a.Query(actor), http.RequestAborted);
            var names = await UnitNames(db, items.Select(i => i.UnitId), http.RequestAborted);
            var today = Today(clock);
            return new Page<MatterItemDto>(items.Select(m => Item(m, names, today, packs)).ToList(), total);
        }).WithName("ListMatters");

        api.MapGet("/matters/export", async ([AsParameters] ListArgs a, HttpContext http, MatterService matters, ChangxiaoDb db, TimeProvider clock, PackCatalog packs) =>
        {
            // Up to 50,000 rows of the same list the console shows, with Chinese headers and state titles.
            var actor = await http.ActorAsync();
            var (items, _) = await matters.ListAsync(actor, a.Query(actor) with { Page = 1, PageSize = 50_000 }, http.RequestAborted);
            var names = await UnitNames(db, items.Select(i => i.UnitId), http.RequestAborted);
            var today = Today(clock);
            var rows = items.Select(m => Item(m, names, today, packs)).Select(i => (IReadOnlyList<string?>)[i.Number, i.Title, i.Kind, i.StateTitle.Zh, i.UnitName,
                i.Level switch { "red" => "红牌", "yellow" => "黄牌", _ => "" }, i.DueOn,
                i.Overdue ? "是" : "否", Kernel.Calendar.ChinaDate.FromInstant(i.OpenedAt).ToString("yyyy-MM-dd")]).ToList();
            var ms = new MemoryStream();
            Import.Xlsx.Write(ms, [new Import.XlsxSheet("事项", ["编号", "标题", "类型", "状态", "责任单位", "预警", "到期日", "是否超期", "登记日期"], rows,
                [18, 40, 14, 12, 24, 8, 12, 10, 12])]);
            ms.Position = 0;
            return TypedResults.File(ms, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"事项-{today:yyyyMMdd}.xlsx");
        }).WithName("ExportMatters");

        // The monthly bulletin (月度通报): the matters the ladders listed in it that month, as JSON or as a Word document.
        api.MapGet("/matters/bulletin", async (string? pack, string? month, HttpContext http, MatterService matters, ChangxiaoDb db, TimeProvider clock,
            PackCatalog packs) =>
        {
            var (entries, names) = await BulletinOf(pack, month, http, matters, db, clock);
            return entries.Select(b => new BulletinDto(Item(b.Matter, names, Today(clock), packs), b.ListedOn.ToString("yyyy-MM-dd"), b.Clock,
                ClockTitle(packs, b.Matter, b.Clock), b.Level)).ToList();
        }).WithName("GetBulletin");

        api.MapGet("/matters/bulletin/document", async (string? pack, string? month, HttpContext http, MatterService matters, ChangxiaoDb db,
            TimeProvider clock, PackCatalog packs) =>
        {
            var m = MonthOf(month, clock);
            var (entries, names) = await BulletinOf(pack, month, http, matters, db, clock);
            var packTitle = pack is not null && packs.CurrentOf(pack) is { } p ? p.Title.Zh : "各机制";
            var lines = entries.OrderBy(b => names.GetValueOrDefault(b.Matter.UnitId) ?? "", StringComparer.Create(new System.Globalization.CultureInfo("zh-CN"), false))
                .ThenBy(b => b.Matter.Number, StringComparer.Ordinal).Select(b => new Documents.BulletinLine(b.Matter.Number, b.Matter.Title, names.GetValueOrDefault(b.Matter.UnitId) ?? "",
                ClockTitle(packs, b.Matter, b.Clock), b.Level switch { "red" => "红牌", "yellow" => "黄牌", _ => "—" }, b.ListedOn.ToString("M月d日"), StateTitle(packs, b.Matter).Zh)).ToList();
            // Issued in the name of the county (the top of the org tree).
            var county = await db.Units.AsNoTracking().Where(u => u.ParentId == null).OrderBy(u => u.Code).Select(u => u.Name).FirstOrDefaultAsync(http.RequestAborted);
            var ms = new MemoryStream();
            Documents.BulletinDocument.Write(ms, $"关于{m.Year}年{m.Month}月{packTitle}超期未办事项的通报", county ?? "长效机制办公室", Today(clock),
                $"按照各项长效机制的时限规定，现将{m.Year}年{m.Month}月超过办理时限、依预警规则列入通报的事项（共{lines.Count}件）通报如下。" +
                "请各责任单位对照清单，抓紧办理，按时反馈办理结果。", lines);
            ms.Position = 0;
            return TypedResults.File(ms, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"通报-{m:yyyy-MM}.docx");
        }).WithName("GetBulletinDocument");

        api.MapGet("/matters/dashboard", async (string? pack, Guid? unitId, HttpContext http, MatterService matters, ChangxiaoDb db, TimeProvider clock) =>
        {
            var actor = await http.ActorAsync();
            var scoped = new Scoped(db, actor);
            var visibleUnits = await scoped.Units().ToListAsync(http.RequestAborted);
            List<UnitRow> rowsUnits;
            UnitRow? scopeUnit = null;
            if (unitId is { } uid)
            {
                scopeUnit = await scoped.UnitAsync(uid, ct: http.RequestAborted);
                rowsUnits = visibleUnits.Where(u => u.ParentId == uid).ToList();
            }
            else
            {
                var top = visibleUnits.Where(u => u.ParentId is null || visibleUnits.All(v => v.Id != u.ParentId)).ToList();
                rowsUnits = top.Count == 1 ? visibleUnits.Where(u => u.ParentId == top[0].Id).ToList() : top;
            }
            var q = matters.Visible(actor);
            if (pack is not null) q = q.Where(m => m.PackId == pack);
            var facts = await (from m in q join u in db.Units on m.UnitId equals u.Id
                               select new { u.Path, m.Final, m.Level, m.DueOn, m.Late }).ToListAsync(http.RequestAborted);
            var today = Today(clock).ToString("yyyy-MM-dd");
            DashboardRow Count(Guid? id, string? name, Func<string, bool> inUnit)
            {
                var mine = facts.Where(f => inUnit(f.Path)).ToList();
                var closed = mine.Count(f => f.Final);
                var onTime = mine.Count(f => f.Final && !f.Late);
                return new DashboardRow(id, name, mine.Count(f => !f.Final), mine.Count(f => !f.Final && f.Level == "red"),
                    mine.Count(f => !f.Final && f.Level == "yellow"), mine.Count(f => !f.Final && f.DueOn != null && string.CompareOrdinal(f.DueOn, today) < 0),
                    closed, onTime, closed == 0 ? null : Math.Round((double)onTime / closed, 4));
            }
            var units = rowsUnits.OrderBy(u => u.Code).Select(u => Count(u.Id, u.Name, p => p.StartsWith(u.Path, StringComparison.Ordinal))).ToList();
            if (scopeUnit is not null)
            {
                // Matters filed on the unit itself get a row of their own ("本级"); totals cover its subtree only.
                var own = Count(scopeUnit.Id, scopeUnit.Name + "（本级）", p => p == scopeUnit.Path);
                if (own.Open + own.Closed > 0) units.Insert(0, own);
                return new Dashboard(units, Count(null, null, p => p.StartsWith(scopeUnit.Path, StringComparison.Ordinal)));
            }
            return new Dashboard(units, Count(null, null, _ => true));
        }).WithName("MattersDashboard");

        api.MapGet("/matters/{id:guid}", async (Guid id, HttpContext http, MatterService matters, ChangxiaoDb db, TimeProvider clock, Kernel.Calendar.WorkCalendar cal, PackCatalog packs) =>
            await Detail(await matters.GetAsync(await http.ActorAsync(), id, http.RequestAborted), db, packs, clock, cal, http.RequestAborted))
            .WithName("GetMatter");

        api.MapPost("/matters/{pack}/{kind}", async (string pack, string kind, OpenBody body, HttpContext http, MatterService matters,
            ChangxiaoDb db, TimeProvider clock, Kernel.Calendar.WorkCalendar cal, PackCatalog packs) =>
        {
            var actor = await http.ActorAsync();
            var (id, _) = await matters.OpenAsync(actor, pack, kind, OpenInputOf(body), ct: http.RequestAborted);
            // RFC 7240: a client that only needs the new id (a bulk intake) can skip the detail.
            if (http.Request.Headers["Prefer"].ToString().Contains("return=minimal", StringComparison.OrdinalIgnoreCase))
                return Results.Created($"/api/v1/matters/{id}", new { id });
            // The matter is committed: the answer must say so even when the opener may not read it (one who works in
            // the unit a complaint is about is recused from it) — a 404 here would make a client file it again.
            var detail = await DetailIfVisible(actor, id, matters, db, packs, clock, cal, http.RequestAborted);
            return detail is null ? Results.Created($"/api/v1/matters/{id}", new { id }) : Results.Created($"/api/v1/matters/{id}", detail);
        }).WithName("OpenMatter");

        api.MapPost("/matters/{id:guid}/actions/{action}", async (Guid id, string action, ActBody body, HttpContext http, MatterService matters,
            ChangxiaoDb db, TimeProvider clock, Kernel.Calendar.WorkCalendar cal, PackCatalog packs) =>
        {
            var actor = await http.ActorAsync();
            await matters.ActAsync(actor, id, action, new ActInput(Fields(body.Fields), Parties(body.Parties), body.Signers, body.Confirmed, body.Comment), http.RequestAborted);
            // Done; an action may leave the actor recused (naming a unit they work in): then the answer is the id alone.
            var detail = await DetailIfVisible(actor, id, matters, db, packs, clock, cal, http.RequestAborted);
            return detail is null ? Results.Ok(new { id }) : Results.Ok(detail);
        }).WithName("ActOnMatter");

        api.MapGet("/matters/{id:guid}/confidential/{field}", async (Guid id, string field, HttpContext http, MatterService matters) =>
            new { field, value = await matters.ReadConfidentialAsync(await http.ActorAsync(), id, field, http.RequestAborted) })
            .WithName("ReadConfidentialField");

        // An attachment of the matter (a citizen's evidence): only one its fields hold, and only to someone who may see the
        // matter. Attachments in confidential fields are not served here. Who may know the reporter gets the file as it came,
        // under its original name, and the reading is journaled like any confidential field's; everyone else gets a copy
        // without metadata named by its place (附件1.pdf) — a file name and a photo's Exif name their sender as well as a name field.
        api.MapGet("/matters/{id:guid}/files/{year}/{name}", async (Guid id, string year, string name, HttpContext http, MatterService matters,
            Portal.AttachmentStore files, Writer writer) =>
        {
            var actor = await http.ActorAsync();
            var (_, snapshot, pack, acting) = await matters.GetAsync(actor, id, http.RequestAborted);
            var attachmentId = year + "/" + name;
            var kind = pack.Kinds[snapshot.Kind];
            var held = kind.Fields.Values
                .Where(f => f.ConfidentialTo.Count == 0 && (f.Type == FieldType.Attachment || f is { Type: FieldType.List, ItemType: FieldType.Attachment }))
                .SelectMany(f => snapshot.Fields.TryGetValue(f.Code, out var v) && v is not null ? AttachmentIds(v).Select(a => (Field: f.Code, Id: a)) : [])
                .ToList();
            var index = held.FindIndex(h => h.Id == attachmentId);
            if (index < 0 || files.PathOf(attachmentId) is not { } path || !File.Exists(path)) throw new Kernel.Rules.NotFoundException("attachment", attachmentId);
            var extension = Path.GetExtension(path);
            var neutral = $"附件{index + 1}{extension}";
            var type = extension switch
            {
                ".pdf" => "application/pdf",
                ".jpg" => "image/jpeg",
                ".png" => "image/png",
                _ => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            };
            if (MayKnowReporter(pack, snapshot, acting))
            {
                await writer.RunGroupedAsync(actor, w =>
                {
                    w.Record(new ConfidentialFieldRead(id, held[index].Field, actor.PersonId, actor.Name));
                    return Task.CompletedTask;
                }, http.RequestAborted);
                return Results.File(path, type, files.OriginalName(attachmentId) ?? neutral);
            }
            byte[] cleaned;
            try
            {
                cleaned = Portal.MetadataStripper.Strip(await File.ReadAllBytesAsync(path, http.RequestAborted), extension);
            }
            catch (InvalidDataException)
            {
                throw new Kernel.Rules.BusinessRuleException(new Portal.AttachmentMustBeCleanableRule(false));
            }
            return Results.File(cleaned, type, neutral);
        }).WithName("GetMatterAttachment");

        api.MapGet("/matters/{id:guid}/history", async (Guid id, HttpContext http, MatterService matters, ChangxiaoDb db) =>
        {
            var (_, snapshot, pack, acting) = await matters.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
            var key = id.ToString("N");
            var rows = await db.Journal.AsNoTracking().Where(e => e.EntityType == "matter" && e.EntityId == key).OrderBy(e => e.Seq).ToListAsync(http.RequestAborted);
            var withheld = Withheld(pack, snapshot, acting);
            var mayKnow = MayKnowReporter(pack, snapshot, acting);
            return rows.Select(r => mayKnow && withheld.Count == 0 ? JournalEntryDto.From(r) : Redacted(r, withheld, mayKnow)).ToList();
        }).WithName("GetMatterHistory");

        api.MapGet("/matters/{id:guid}/chain", async (Guid id, HttpContext http, MatterService matters, ChangxiaoDb db, TimeProvider clock, PackCatalog packs) =>
        {
            // The whole story: follow derived-from / led-to links both ways, showing only what the caller may see.
            var actor = await http.ActorAsync();
            await matters.GetAsync(actor, id, http.RequestAborted);
            var seen = new HashSet<Guid> { id };
            var queue = new Queue<Guid>([id]);
            var rows = new List<MatterRow>();
            var visible = matters.Visible(actor);
            while (queue.Count > 0 && rows.Count < 200)
            {
                var current = queue.Dequeue();
                var row = await visible.FirstOrDefaultAsync(m => m.Id == current, http.RequestAborted);
                if (row is null) continue;
                rows.Add(row);
                foreach (var link in MatterSnapshotJson.Read(row.Snapshot).Links.Where(l => seen.Add(l.OtherId))) queue.Enqueue(link.OtherId);
            }
            var names = await UnitNames(db, rows.Select(r => r.UnitId), http.RequestAborted);
            var today = Today(clock);
            return rows.OrderBy(r => r.OpenedAtMs).Select(r => Item(r, names, today, packs)).ToList();
        }).WithName("GetMatterChain");

        return api;
    }

    public sealed record ListArgs(string? Pack, string? Kind, string? State, string? Level, Guid? UnitId, bool? Overdue, bool? Mine,
        Guid? PartyMember, bool? Open, string? Q, int? Page, int? PageSize)
    {
        public MatterQuery Query(Kernel.Access.Actor actor) => new(Pack, Kind, State, Level, UnitId, Overdue,
            Mine == true ? actor.PersonId ?? Guid.Empty : PartyMember, Open, Q, Page ?? 1, PageSize ?? 20);
    }

    public sealed record BulletinDto(MatterItemDto Matter, string ListedOn, string Clock, string ClockTitle, string? Level);

    /// <summary><c>yyyy-MM</c>, or this month.</summary>
    private static DateOnly MonthOf(string? month, TimeProvider clock) =>
        month is null ? Today(clock)
        : DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", out var d) ? d
        : throw Kernel.Rules.FieldErrorsException.One("month", "应为年月，如 2026-11");

    private static async Task<(IReadOnlyList<BulletinEntry> Entries, Dictionary<Guid, string> Names)> BulletinOf(string? pack, string? month, HttpContext http,
        MatterService matters, ChangxiaoDb db, TimeProvider clock)
    {
        var entries = await matters.BulletinAsync(await http.ActorAsync(), pack, MonthOf(month, clock), http.RequestAborted);
        return (entries, await UnitNames(db, entries.Select(e => e.Matter.UnitId), http.RequestAborted));
    }

    private static async Task<MatterDto?> DetailIfVisible(Kernel.Access.Actor actor, Guid id, MatterService matters, ChangxiaoDb db, PackCatalog packs, TimeProvider clock,
        Kernel.Calendar.WorkCalendar cal, CancellationToken ct)
    {
        try
        {
            return await Detail(await matters.GetAsync(actor, id, ct), db, packs, clock, cal, ct);
        }
        catch (Kernel.Rules.NotFoundException)
        {
            return null;
        }
    }

    /// <summary>A matter's kind as of the pack version it runs under (null when that version is not loaded).</summary>
    private static MatterKind? KindOf(PackCatalog packs, MatterRow m) =>
        packs.Has(m.PackId, m.PackVersion) && packs.Get(m.PackId, m.PackVersion).Kinds.TryGetValue(m.Kind, out var k) ? k : null;

    private static TextDto StateTitle(PackCatalog packs, MatterRow m) =>
        KindOf(packs, m)?.States.TryGetValue(m.State, out var st) == true ? new TextDto(st.Title.Zh, st.Title.En) : new TextDto(m.State, null);

    private static string ClockTitle(PackCatalog packs, MatterRow m, string clock) =>
        KindOf(packs, m)?.Clocks.TryGetValue(clock, out var c) == true ? c.Title.Zh : clock;

    public sealed record DashboardRow(Guid? UnitId, string? UnitName, int Open, int Red, int Yellow, int Overdue, int Closed, int ClosedOnTime, double? OnTimeRate);
    public sealed record Dashboard(IReadOnlyList<DashboardRow> Units, DashboardRow Totals);

    /// <summary>The confidential fields of the matter's kind that the actor may not read (the kernel decides, as for a reading).</summary>
    private static HashSet<string> Withheld(Pack pack, MatterSnapshot snapshot, ActingAs acting) =>
        pack.Kinds[snapshot.Kind].Fields.Values
            .Where(f => f.ConfidentialTo.Count > 0 && !MatterEngine.CanReadConfidential(pack, snapshot, f.Code, acting))
            .Select(f => f.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether the actor may know who reported the matter: they may read one of its kind's confidential fields (the
    /// reporter's name and contact). A kind without any has nobody who may; the system always may.
    /// </summary>
    private static bool MayKnowReporter(Pack pack, MatterSnapshot snapshot, ActingAs acting) =>
        acting.IsSystem || pack.Kinds[snapshot.Kind].Fields.Values
            .Any(f => f.ConfidentialTo.Count > 0 && MatterEngine.CanReadConfidential(pack, snapshot, f.Code, acting));

    /// <summary>
    /// A history entry as shown to someone who may not know the reporter: withheld fields' markers and sealed digests
    /// left out (their presence would tell a named report from an anonymous one), and the portal's 群众（实名）/群众（匿名）
    /// shown as 群众. The journal itself is not changed; its hashes cover the entry as recorded.
    /// </summary>
    private static JournalEntryDto Redacted(JournalRow r, IReadOnlySet<string> withheld, bool mayKnowReporter)
    {
        var data = JsonNode.Parse(r.Data) as JsonObject;
        if (data is not null)
        {
            foreach (var part in new[] { "fields", "changes", "sealed" })
            {
                if (data[part] is not JsonObject o) continue;
                foreach (var code in withheld) o.Remove(code);
                if (part == "sealed" && o.Count == 0) data.Remove(part);
            }
        }
        var actor = !mayKnowReporter && r.Actor.StartsWith(CitizenActor + "（", StringComparison.Ordinal) ? CitizenActor : r.Actor;
        return new JournalEntryDto(r.Seq, DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs), actor, r.Type, r.EntityType, r.EntityId,
            System.Text.Json.JsonSerializer.SerializeToElement(data), r.Hash, r.PrevHash);
    }

    /// <summary>How the portal's citizens appear in a matter's history to those who may not know the reporter.</summary>
    private const string CitizenActor = "群众";

    /// <summary>The attachment ids a field value holds: one id, or a list of them.</summary>
    private static IEnumerable<string> AttachmentIds(JsonNode value) => value switch
    {
        JsonArray a => a.Select(x => x?.GetValueKind() == System.Text.Json.JsonValueKind.String ? x.GetValue<string>() : null).OfType<string>(),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };

    internal static OpenInput OpenInputOf(OpenBody body) => new(Fields(body.Fields) ?? new Dictionary<string, JsonNode?>(), Parties(body.Parties), body.UnitId);

    private static Dictionary<string, JsonNode?>? Fields(JsonObject? o) => o?.ToDictionary(kv => kv.Key, kv => kv.Value?.DeepClone());

    private static Dictionary<string, IReadOnlyList<Guid>>? Parties(Dictionary<string, List<Guid>>? p) =>
        p?.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Guid>)kv.Value);

    private static DateOnly Today(TimeProvider clock) => Kernel.Calendar.ChinaDate.FromInstant(clock.GetUtcNow());

    private static async Task<Dictionary<Guid, string>> UnitNames(ChangxiaoDb db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Units.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
    }

    private static MatterItemDto Item(MatterRow m, Dictionary<Guid, string> names, DateOnly today, PackCatalog packs) =>
        new(m.Id, m.PackId, m.PackVersion, m.Kind, m.Number, m.Title, m.State, StateTitle(packs, m), m.Final, m.UnitId, names.GetValueOrDefault(m.UnitId), m.Level, m.DueOn,
            m.DueOn is not null && string.CompareOrdinal(m.DueOn, today.ToString("yyyy-MM-dd")) < 0,
            DateTimeOffset.FromUnixTimeMilliseconds(m.OpenedAtMs));

    private static async Task<MatterDto> Detail((MatterRow Row, MatterSnapshot Snapshot, Pack Pack, ActingAs Acting) x, ChangxiaoDb db, PackCatalog packs,
        TimeProvider clock, Kernel.Calendar.WorkCalendar cal, CancellationToken ct)
    {
        var current = packs.CurrentOf(x.Pack.Id)?.Version;
        var today = Today(clock);
        var names = await UnitNames(db, [x.Row.UnitId], ct);
        // A confidential field one may not read is left out whether or not it holds a value: its "has a value" marker would
        // tell a named report from an anonymous one.
        var withheld = Withheld(x.Pack, x.Snapshot, x.Acting);
        var fields = new JsonObject(x.Snapshot.Fields.Where(kv => !withheld.Contains(kv.Key)).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
        var clocks = x.Snapshot.Clocks.Select(c =>
        {
            var st = c.Clock.Status(today, cal);
            return new ClockDto(c.Code, c.Clock.Limit.ToChinese(), c.Clock.StartDate.ToString("yyyy-MM-dd"), c.Clock.Due(cal).ToString("yyyy-MM-dd"),
                st.State.ToString().ToLowerInvariant(), st.DaysLeft, c.Level);
        }).ToList();
        return new MatterDto(Item(x.Row, names, today, packs), fields, x.Snapshot.Parties, clocks,
            x.Snapshot.Links.Select(l => new LinkDto(l.Relation, l.OtherId, l.OtherKind)).ToList(), x.Snapshot.Suspended,
            MatterEngine.Available(x.Pack, x.Snapshot, x.Acting).Select(a => a.Code).ToList(),
            current is null || x.Pack.Version == current ? null : KindDtoOf(x.Pack.Kinds[x.Snapshot.Kind]));
    }

    private static TextDto T(Text t) => new(t.Zh, t.En);

    private static PackDto ToDto(Pack p) => new(p.Id, p.Version, T(p.Title), p.Source, p.Kinds.Values.Select(KindDtoOf).ToList());

    private static KindDto KindDtoOf(MatterKind k) => new(k.Code, T(k.Title),
        k.Fields.Values.Select(f => new FieldDto(f.Code, T(f.Title), f.Type.ToString().ToLowerInvariant(), f.Required, f.MaxLength, f.Options, f.ConfidentialTo.Count > 0,
            f.ItemType?.ToString().ToLowerInvariant(), f.MatterKind)).ToList(),
        k.Parties.Values.Select(pt => new PartyDto(pt.Code, T(pt.Title), pt.Type.ToString().ToLowerInvariant(), pt.Recused, pt.Many)).ToList(),
        k.States.Values.Select(s => new StateDto(s.Code, T(s.Title), s.Final)).ToList(),
        k.Actions.Values.Select(a => new ActionDto(a.Code, T(a.Title), a.From, a.To, a.Requires.Where(r => !a.RequiredWhen.ContainsKey(r)).ToList(), a.Sets, a.Signoff.Select(s => s.ToString()).ToList(), a.Confirm?.Zh,
            a.RequiredWhen.ToDictionary(kv => kv.Key, kv => kv.Value.Source ?? ""))).ToList(),
        k.Clocks.Keys.ToList(), k.Open.By.Select(b => b.ToString()).ToList(), k.Open.Citizens,
        k.Clocks.Values.ToDictionary(c => c.Code, c => T(c.Title)));
}
