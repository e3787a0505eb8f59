using Changxiao.Kernel.Access;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Org;
using Changxiao.Kernel.Rules;
using Changxiao.Store;
using StoredPost = Changxiao.Store.Model.PostRow;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Import;

public sealed record ImportResult(int Units, int People, int Posts);

/// <summary>
/// Applies an org file as one batch of exactly the commands the API would run for its rows: each row is authorised
/// by the same decision (<see cref="OrgAccess"/>, on the object's current and new place) and decided by the same
/// kernel functions. Every row is checked first (all errors reported together, by sheet, row and column), then
/// every fact is recorded in ONE transaction — a file is imported whole or not at all. Rows are matched by code,
/// so importing the same file twice changes nothing the second time. A code held by something the actor cannot
/// see is, as in the API, "unavailable" — the row neither reaches that thing nor learns anything of it.
/// </summary>
public sealed class OrgImporter(Writer writer, UnitKinds kinds)
{
    public async Task<ImportResult> ImportAsync(Actor actor, OrgFile file, IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default)
    {
        return await writer.RunAsync(actor, async w =>
        {
            var db = w.Db;
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            try
            {
                return await ApplyAsync(w, actor, file, progress, ct);
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = true;
                db.ChangeTracker.DetectChanges();
            }
        }, ct);
    }

    /// <summary>A person as the rows see them: who, and where they are once the rows before have run.</summary>
    private sealed record PlannedPerson(Guid Id, Place Place);

    private async Task<ImportResult> ApplyAsync(WriteScope w, Actor actor, OrgFile file, IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        var db = w.Db;
        // Someone who may write nowhere is told once, not on every row.
        if (!actor.PermissionNames.Contains(Permissions.OrgWrite)) throw new ForbiddenException(Permissions.OrgWrite);
        var access = AccessPolicy.ForOrg(actor);
        var errors = new List<ImportError>();

        // Existing state, loaded once (an import of 100,000 people cannot ask per row): codes are the keys of an import.
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, ct);
        // Every unit as the rows see it — existing ones, then those the file adds or moves.
        var planned = units.Values.ToDictionary(u => u.Code, u => new UnitView(u.Id, u.Code, u.Name, u.Kind, u.ParentId, u.Path));
        var placeById = units.Values.ToDictionary(u => u.Id, u => new Place(u.Id, u.Path));

        // Units: parents before children, whatever the file's order.
        var fileUnits = file.Units.ToDictionary(u => u.Code);
        var ordered = new List<UnitRow>();
        var state = new Dictionary<string, int>(); // 1 = visiting, 2 = done
        foreach (var row in file.Units) Visit(row);

        void Visit(UnitRow row)
        {
            if (state.TryGetValue(row.Code, out var s))
            {
                if (s == 1) errors.Add(new(Sheet.Units, row.Row, OrgSchema.UnitParent.Chinese, $"上下级关系成环：{row.Code}"));
                return;
            }
            state[row.Code] = 1;
            if (row.ParentCode is { } pc && fileUnits.TryGetValue(pc, out var parent)) Visit(parent);
            state[row.Code] = 2;
            ordered.Add(row);
        }

        var unitFacts = new List<IFact>();
        foreach (var row in ordered)
        {
            var kind = kinds.Find(row.Kind);
            if (kind is null) { errors.Add(new(Sheet.Units, row.Row, OrgSchema.UnitKind.Chinese, $"未知的单位类型：{row.Kind}")); continue; }
            UnitView? parent = null;
            if (row.ParentCode is { } pc && !planned.TryGetValue(pc, out parent))
            {
                errors.Add(new(Sheet.Units, row.Row, OrgSchema.UnitParent.Chinese, $"找不到上级单位：{pc}"));
                continue;
            }
            var existing = units.GetValueOrDefault(row.Code);
            var now = existing is null ? null : new Place(existing.Id, existing.Path);
            // A unit the actor cannot see is not one it can change: for it the row asks for a new unit with that code.
            var code = access.UseOfCode(now);
            var update = code == CodeUse.Taken;
            if (access.Change(update ? now : null, parent is null ? Place.Top : Place.Of(parent)) is { } refusal)
            {
                errors.Add(refusal switch
                {
                    { Part: OrgPart.Object } => new(Sheet.Units, row.Row, OrgSchema.UnitCode.Chinese, $"无权修改该单位：{row.Code}"),
                    _ when parent is null => new(Sheet.Units, row.Row, OrgSchema.UnitParent.Chinese, "只有系统管理员可以导入根单位，请填写上级编码"),
                    { Visible: true } => new(Sheet.Units, row.Row, OrgSchema.UnitParent.Chinese, $"无权在该单位下导入：{row.ParentCode}"),
                    _ => new(Sheet.Units, row.Row, OrgSchema.UnitParent.Chinese, $"找不到上级单位：{row.ParentCode}"),
                });
                continue;
            }
            var id = update ? existing!.Id : Guid.CreateVersion7();
            var input = new UnitInput(row.Code, row.Name, kind.Code, parent?.Id);
            IFact? fact;
            if (!update) fact = Decide(errors, OrgSchema.Units, row.Row, () => OrgDecisions.CreateUnit(id, input, kinds, parent, code));
            else if (existing!.Name != row.Name || existing.Kind != kind.Code || existing.ParentId != parent?.Id)
                fact = Decide(errors, OrgSchema.Units, row.Row, () => OrgDecisions.UpdateUnit(planned[row.Code], input, kinds, parent, CodeUse.Free));
            else continue;
            if (fact is null) continue;
            unitFacts.Add(fact);
            var path = UnitPath.Of(parent?.Path, id);
            planned[row.Code] = new UnitView(id, row.Code, row.Name, kind.Code, parent?.Id, path);
            placeById[id] = new Place(id, path);
        }

        // People: every existing person where they are now (an out-of-sight one still is somewhere: a post row naming
        // them is refused exactly as one naming nobody).
        var people = file.People.Count == 0 && file.Posts.Count == 0
            ? new Dictionary<string, Store.Model.PersonRow>()
            : await db.People.AsNoTracking().ToDictionaryAsync(p => p.Code, ct);
        var plannedPeople = new Dictionary<string, PlannedPerson>(people.Count + file.People.Count);
        foreach (var (c, p) in people) plannedPeople[c] = new PlannedPerson(p.Id, placeById[p.UnitId]);

        var personFacts = new List<IFact>();
        foreach (var row in file.People)
        {
            if (!planned.TryGetValue(row.UnitCode, out var unit)) { errors.Add(new(Sheet.People, row.Row, OrgSchema.PersonUnit.Chinese, $"找不到单位：{row.UnitCode}")); continue; }
            var existing = people.GetValueOrDefault(row.Code);
            var now = existing is null ? null : placeById[existing.UnitId];
            var code = access.UseOfCode(now);
            var update = code == CodeUse.Taken;
            var next = Place.Of(unit);
            if (access.Change(update ? now : null, next) is { } refusal)
            {
                errors.Add(refusal switch
                {
                    { Part: OrgPart.Object } => new(Sheet.People, row.Row, OrgSchema.PersonCode.Chinese, $"无权修改该人员：{row.Code}"),
                    { Visible: true } => new(Sheet.People, row.Row, OrgSchema.PersonUnit.Chinese, $"无权在该单位下导入：{row.UnitCode}"),
                    _ => new(Sheet.People, row.Row, OrgSchema.PersonUnit.Chinese, $"找不到单位：{row.UnitCode}"),
                });
                continue;
            }
            var input = new PersonInput(row.Code, row.Name, unit.Id, row.Phone, row.Email);
            IFact? fact;
            var id = update ? existing!.Id : Guid.CreateVersion7();
            if (!update) fact = Decide(errors, OrgSchema.People, row.Row, () => OrgDecisions.CreatePerson(id, input, code));
            else if (existing!.Name != row.Name || existing.UnitId != unit.Id || existing.Phone != row.Phone || existing.Email != row.Email)
                fact = Decide(errors, OrgSchema.People, row.Row,
                    () => OrgDecisions.UpdatePerson(new PersonView(existing.Id, existing.Code, existing.Name, existing.UnitId, now!.Path), input, CodeUse.Free));
            else continue;
            if (fact is null) continue;
            personFacts.Add(fact);
            plannedPeople[row.Code] = new PlannedPerson(id, next);
        }

        var postFacts = new List<IFact>();
        if (file.Posts.Count > 0)
        {
            var existingPosts = await db.Posts.AsNoTracking().ToListAsync(ct);
            // Several posts may share a unit and a title (three 副镇长): a row keeps the post its holder already holds, else
            // takes one of that title no row has taken yet — so importing the same file again changes nothing.
            var untaken = existingPosts.GroupBy(p => (p.UnitId, p.Title)).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Id).ToList());
            var kept = new Dictionary<int, StoredPost>();
            for (var i = 0; i < file.Posts.Count; i++)
            {
                var row = file.Posts[i];
                if (!planned.TryGetValue(row.UnitCode, out var u) || !untaken.TryGetValue((u.Id, row.Title), out var same)) continue;
                Guid? h = null;
                if (row.HolderCode is { } code)
                {
                    if (!plannedPeople.TryGetValue(code, out var hp)) continue;
                    h = hp.Id;
                }
                if (same.FirstOrDefault(p => p.HolderId == h) is { } held) { kept[i] = held; same.Remove(held); }
            }
            for (var i = 0; i < file.Posts.Count; i++)
            {
                var row = file.Posts[i];
                if (!planned.TryGetValue(row.UnitCode, out var unit)) { errors.Add(new(Sheet.Posts, row.Row, OrgSchema.PostUnit.Chinese, $"找不到单位：{row.UnitCode}")); continue; }
                PlannedPerson? holder = null;
                if (row.HolderCode is { } hc && !plannedPeople.TryGetValue(hc, out holder))
                {
                    errors.Add(new(Sheet.Posts, row.Row, OrgSchema.PostHolder.Chinese, $"找不到人员：{hc}"));
                    continue;
                }
                var place = Place.Of(unit);
                var existing = kept.GetValueOrDefault(i);
                if (existing is null && untaken.TryGetValue((unit.Id, row.Title), out var free) && free.Count > 0)
                {
                    existing = free[0];
                    free.RemoveAt(0);
                }
                if (access.Change(existing is null ? null : place, place, holder?.Place) is { } refusal)
                {
                    errors.Add(refusal switch
                    {
                        // Out of sight is reported as absent: the same words as for a code that names nobody.
                        { Part: OrgPart.Holder } => new(Sheet.Posts, row.Row, OrgSchema.PostHolder.Chinese, $"找不到人员：{row.HolderCode}"),
                        { Visible: true } => new(Sheet.Posts, row.Row, OrgSchema.PostUnit.Chinese, $"无权在该单位下导入：{row.UnitCode}"),
                        _ => new(Sheet.Posts, row.Row, OrgSchema.PostUnit.Chinese, $"找不到单位：{row.UnitCode}"),
                    });
                    continue;
                }
                var input = new PostInput(unit.Id, row.Title, row.Rank, holder?.Id);
                IFact? fact;
                if (existing is null)
                {
                    var id = Guid.CreateVersion7();
                    fact = Decide(errors, OrgSchema.Posts, row.Row, () => OrgDecisions.CreatePost(id, input));
                }
                else if (PostRanks.Normalise(row.Rank) != existing.Rank || existing.HolderId != holder?.Id)
                    fact = Decide(errors, OrgSchema.Posts, row.Row, () => OrgDecisions.UpdatePost(existing.Id, input));
                else continue;
                if (fact is not null) postFacts.Add(fact);
            }
        }

        if (errors.Count > 0) throw new ImportFileException(errors.OrderBy(e => e.Sheet).ThenBy(e => e.Row).ToList());

        var total = file.Count;
        var done = 0;
        foreach (var f in unitFacts.Concat(personFacts).Concat(postFacts))
        {
            w.Record(f);
            if (++done % 1000 == 0) progress?.Report((done, total));
        }
        progress?.Report((total, total));
        return new ImportResult(unitFacts.Count, personFacts.Count, postFacts.Count);
    }

    private static class Sheet
    {
        public static readonly string Units = OrgSchema.Units.Chinese;
        public static readonly string People = OrgSchema.People.Chinese;
        public static readonly string Posts = OrgSchema.Posts.Chinese;
    }

    /// <summary>A kernel refusal inside a file becomes an error on that row, in the column it is about; null then.</summary>
    private static IFact? Decide(List<ImportError> errors, OrgSheet sheet, int row, Func<IFact> decide)
    {
        try { return decide(); }
        catch (FieldErrorsException e)
        {
            errors.AddRange(e.Errors.Select(kv => new ImportError(sheet.Chinese, row, ColumnOf(sheet, kv.Key), string.Join("；", kv.Value))));
        }
        catch (BusinessRuleException e)
        {
            var column = e.Code is "unit.parent-cycle" or "unit.root-fixed" ? OrgSchema.UnitParent : sheet.Columns[0];
            errors.Add(new ImportError(sheet.Chinese, row, column.Chinese, e.Message));
        }
        return null;
    }

    /// <summary>The sheet's column for a kernel field name ("code", "phone", "unitId" …).</summary>
    private static string ColumnOf(OrgSheet sheet, string field)
    {
        var english = field is "unitId" ? "unit" : field is "parentId" ? "parent" : field;
        return sheet.Columns.FirstOrDefault(c => c.English == english)?.Chinese ?? field;
    }
}
