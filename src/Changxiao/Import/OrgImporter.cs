using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Kernel.Rules;
using Changxiao.Store;
using StoredPerson = Changxiao.Store.Model.PersonRow;
using StoredPost = Changxiao.Store.Model.PostRow;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Import;

public sealed record ImportResult(int Units, int People, int Posts);

/// <summary>
/// Applies an org file as one command batch: every row is checked first (all errors reported
/// together, by sheet, row and column), then every row is recorded through the kernel in ONE
/// transaction — a file is imported whole or not at all. Rows are matched by code, so importing
/// the same file twice changes nothing the second time.
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

    private async Task<ImportResult> ApplyAsync(WriteScope w, Actor actor, OrgFile file, IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        var db = w.Db;
        var errors = new List<ImportError>();
        var writeScope = AccessPolicy.ScopeOf(actor, Permissions.OrgWrite);
        if (writeScope.IsEmpty) throw new ForbiddenException(Permissions.OrgWrite);

        // Existing state, loaded once: codes are the keys of an import.
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Code, ct);
        var peopleCodes = file.People.Count == 0 && file.Posts.Count == 0
            ? new Dictionary<string, StoredPerson>()
            : await db.People.AsNoTracking().ToDictionaryAsync(p => p.Code, ct);

        // Units: parents before children, whatever the file's order.
        var fileUnits = file.Units.ToDictionary(u => u.Code);
        var ordered = new List<UnitRow>();
        var state = new Dictionary<string, int>(); // 1 = visiting, 2 = done
        foreach (var row in file.Units) Visit(row);

        void Visit(UnitRow row)
        {
            if (state.TryGetValue(row.Code, out var s))
            {
                if (s == 1) errors.Add(new("单位", row.Row, "上级编码", $"上下级关系成环：{row.Code}"));
                return;
            }
            state[row.Code] = 1;
            if (row.ParentCode is { } pc && fileUnits.TryGetValue(pc, out var parent)) Visit(parent);
            state[row.Code] = 2;
            ordered.Add(row);
        }

        var plannedUnits = new Dictionary<string, (Guid Id, string Path)>();
        foreach (var (code, u) in units) plannedUnits[code] = (u.Id, u.Path);
        var unitFacts = new List<Action>();
        var total = file.Count;
        var done = 0;

        foreach (var row in ordered)
        {
            var kind = kinds.Find(row.Kind);
            if (kind is null) { errors.Add(new("单位", row.Row, "类型", $"未知的单位类型：{row.Kind}")); continue; }
            (Guid Id, string Path)? parent = null;
            if (row.ParentCode is { } pc)
            {
                if (!plannedUnits.TryGetValue(pc, out var p)) { errors.Add(new("单位", row.Row, "上级编码", $"找不到上级单位：{pc}")); continue; }
                parent = p;
                if (!writeScope.Contains(p.Id, p.Path)) { errors.Add(new("单位", row.Row, "上级编码", $"无权在该单位下导入：{pc}")); continue; }
            }
            else if (!actor.IsSystem && !AccessPolicy.HasGlobal(actor, Permissions.OrgWrite))
            {
                errors.Add(new("单位", row.Row, "上级编码", "只有系统管理员可以导入根单位，请填写上级编码"));
                continue;
            }
            var existing = units.GetValueOrDefault(row.Code);
            var id = existing?.Id ?? Guid.CreateVersion7();
            var path = UnitPath.Of(parent?.Path, id);
            if (existing is not null && !writeScope.Contains(existing.Id, existing.Path))
            {
                errors.Add(new("单位", row.Row, "编码", $"无权修改该单位：{row.Code}"));
                continue;
            }
            plannedUnits[row.Code] = (id, path);
            var input = new UnitInput(row.Code, row.Name, kind.Code, parent?.Id);
            var r = row;
            if (existing is null)
                unitFacts.Add(() => w.Record(Decide("单位", r.Row, () => OrgDecisions.CreateUnit(id, input, kinds, parent is { } pp ? new UnitView(pp.Id, "", "", "", null, pp.Path) : null, false))));
            else if (existing.Name != row.Name || existing.Kind != kind.Code || existing.ParentId != parent?.Id)
                unitFacts.Add(() => w.Record(Decide("单位", r.Row, () => OrgDecisions.UpdateUnit(
                    new UnitView(existing.Id, existing.Code, existing.Name, existing.Kind, existing.ParentId, existing.Path),
                    input, kinds, parent is { } pp ? new UnitView(pp.Id, "", "", "", null, pp.Path) : null, false))));
        }

        var personFacts = new List<Action>();
        var plannedPeople = new Dictionary<string, Guid>(peopleCodes.Count + file.People.Count);
        foreach (var (code, p) in peopleCodes) plannedPeople[code] = p.Id;
        foreach (var row in file.People)
        {
            if (!plannedUnits.TryGetValue(row.UnitCode, out var unit)) { errors.Add(new("人员", row.Row, "单位编码", $"找不到单位：{row.UnitCode}")); continue; }
            if (!writeScope.Contains(unit.Id, unit.Path)) { errors.Add(new("人员", row.Row, "单位编码", $"无权在该单位下导入：{row.UnitCode}")); continue; }
            var input = new PersonInput(row.Code, row.Name, unit.Id, row.Phone, row.Email);
            var r = row;
            if (peopleCodes.TryGetValue(row.Code, out var ex))
            {
                if (ex.Name != row.Name || ex.UnitId != unit.Id || ex.Phone != row.Phone || ex.Email != row.Email)
                    personFacts.Add(() => w.Record(Decide("人员", r.Row, () => OrgDecisions.UpdatePerson(new PersonView(ex.Id, r.Code, ex.Name, ex.UnitId, ""), input, false))));
            }
            else
            {
                var id = Guid.CreateVersion7();
                plannedPeople[row.Code] = id;
                personFacts.Add(() => w.Record(Decide("人员", r.Row, () => OrgDecisions.CreatePerson(id, input, false))));
            }
        }

        var postFacts = new List<Action>();
        if (file.Posts.Count > 0)
        {
            var existingPosts = await db.Posts.AsNoTracking().ToListAsync(ct);
            var byKey = existingPosts.GroupBy(p => (p.UnitId, p.Title)).ToDictionary(g => g.Key, g => g.First());
            foreach (var row in file.Posts)
            {
                if (!plannedUnits.TryGetValue(row.UnitCode, out var unit)) { errors.Add(new("岗位", row.Row, "单位编码", $"找不到单位：{row.UnitCode}")); continue; }
                if (!writeScope.Contains(unit.Id, unit.Path)) { errors.Add(new("岗位", row.Row, "单位编码", $"无权在该单位下导入：{row.UnitCode}")); continue; }
                Guid? holder = null;
                if (row.HolderCode is { } hc)
                {
                    if (!plannedPeople.TryGetValue(hc, out var h)) { errors.Add(new("岗位", row.Row, "在岗人员编号", $"找不到人员：{hc}")); continue; }
                    holder = h;
                }
                var input = new PostInput(unit.Id, row.Title, row.Rank, holder);
                var r = row;
                if (byKey.TryGetValue((unit.Id, row.Title), out var ex))
                {
                    if (PostRanks.Normalise(row.Rank) != ex.Rank || ex.HolderId != holder)
                        postFacts.Add(() => w.Record(Decide("岗位", r.Row, () => OrgDecisions.UpdatePost(ex.Id, input))));
                }
                else
                {
                    var id = Guid.CreateVersion7();
                    byKey[(unit.Id, row.Title)] = new StoredPost { Id = id, UnitId = unit.Id, Title = row.Title };
                    postFacts.Add(() => w.Record(Decide("岗位", r.Row, () => OrgDecisions.CreatePost(id, input))));
                }
            }
        }

        if (errors.Count > 0) throw new ImportFileException(errors.OrderBy(e => e.Sheet).ThenBy(e => e.Row).ToList());

        foreach (var f in unitFacts.Concat(personFacts).Concat(postFacts))
        {
            f();
            if (++done % 1000 == 0) progress?.Report((done, total));
        }
        progress?.Report((total, total));
        return new ImportResult(unitFacts.Count, personFacts.Count, postFacts.Count);
    }

    /// <summary>A kernel refusal inside a file becomes an error on that row.</summary>
    private static T Decide<T>(string sheet, int row, Func<T> decide)
    {
        try { return decide(); }
        catch (FieldErrorsException e)
        {
            // The kernel names its fields (name, title …); the file's reader knows them by their columns (姓名, 岗位名称 …).
            var columns = OrgSchema.FindSheet(sheet)?.Columns ?? [];
            throw new ImportFileException(e.Errors.Select(kv => new ImportError(sheet, row,
                columns.FirstOrDefault(c => c.English == kv.Key)?.Chinese ?? kv.Key, string.Join("；", kv.Value))).ToList());
        }
        catch (BusinessRuleException e)
        {
            throw new ImportFileException([new ImportError(sheet, row, "", e.Message)]);
        }
    }
}
