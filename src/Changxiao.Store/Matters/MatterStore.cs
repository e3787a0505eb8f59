using System.Text.Json;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Matters;

/// <summary>
/// The matter read tables: the snapshot (folded by the kernel's MatterProjection) and the columns
/// derived from it for lists, filters and the sweep. Called from the Projector only.
/// </summary>
internal static class MatterStore
{
    public static void Apply(ChangxiaoDb db, IFact fact, long atMs, PackCatalog packs, WorkCalendar calendar)
    {
        switch (fact)
        {
            case PackRegistered f:
                db.Set<PackVersionRow>().Add(new PackVersionRow
                {
                    PackId = f.PackId, Version = f.Version, ContentHash = f.ContentHash, Files = f.FilesJson, RegisteredAtMs = atMs,
                });
                return;
            case ConfidentialFieldRead:
                return; // a reading changes nothing but the journal
            case MatterOpened f:
            {
                var snapshot = MatterProjection.Apply(null, f);
                var row = new MatterRow
                {
                    Id = f.Id, PackId = f.Pack, PackVersion = f.PackVersion, Kind = f.Kind, Number = f.Number,
                    OpenedOn = f.OpenedOn.ToString("yyyy-MM-dd"), OpenedAtMs = atMs,
                };
                db.Set<MatterRow>().Add(row);
                var counter = db.Set<MatterCounterRow>().Find(f.Pack, f.Kind, f.OpenedOn.Year);
                if (counter is null) db.Set<MatterCounterRow>().Add(new MatterCounterRow { PackId = f.Pack, Kind = f.Kind, Year = f.OpenedOn.Year, Last = 1 });
                else counter.Last++;
                Save(db, row, snapshot, atMs, packs.Get(f.Pack, f.PackVersion), calendar, partiesChanged: true, isNew: true);
                return;
            }
            case MatterFact f:
            {
                var row = db.Set<MatterRow>().Find(f.Id) ?? throw new InvalidOperationException($"matter {f.Id:N} missing during projection");
                var snapshot = MatterProjection.Apply(MatterSnapshotJson.Read(row.Snapshot), f);
                Save(db, row, snapshot, atMs, packs.Get(row.PackId, row.PackVersion), calendar, partiesChanged: f is MatterActed);
                return;
            }
        }
        throw new InvalidOperationException($"MatterStore has no projection for {fact.Type}");
    }

    private static void Save(ChangxiaoDb db, MatterRow row, MatterSnapshot m, long atMs, Pack pack, WorkCalendar calendar, bool partiesChanged, bool isNew = false)
    {
        var kind = pack.Kinds[m.Kind];
        var d = Derive(m, pack, calendar);
        row.State = d.State;
        row.Final = d.Final;
        row.UnitId = d.UnitId;
        row.Title = d.Title;
        row.Level = d.Level;
        row.Late = d.Late;
        row.DueOn = d.DueOn;
        row.NextCheck = d.NextCheck;
        row.UpdatedAtMs = atMs;
        row.Snapshot = d.Snapshot;
        if (!partiesChanged) return;
        var set = db.Set<MatterPartyRow>();
        // A new matter has no party rows yet: no query, and no DetectChanges over everything tracked (set.Local),
        // which made opening N matters in one transaction cost O(N²).
        if (!isNew)
        {
            var existing = set.Local.Where(p => p.MatterId == m.Id).Concat(set.Where(p => p.MatterId == m.Id)).Distinct().ToList();
            set.RemoveRange(existing);
        }
        foreach (var (party, members) in m.Parties)
        {
            // The recusal a derived matter carries from its source is a recused party like the kind's own.
            var recused = party == MatterParties.Recused || (kind.Parties.TryGetValue(party, out var def) && def.Recused);
            foreach (var id in members.Distinct())
                set.Add(new MatterPartyRow { MatterId = m.Id, Party = party, MemberId = id, Recused = recused });
        }
    }

    /// <summary>
    /// The columns a snapshot derives in its row (pure: the sweep derives a whole batch in parallel). <paramref name="remember"/>:
    /// keep the JSON's snapshot for the next command on this row (see <see cref="MatterSnapshotJson.Write"/>).
    /// </summary>
    public static MatterColumns Derive(MatterSnapshot m, Pack pack, WorkCalendar calendar, bool remember = true)
    {
        var kind = pack.Kinds[m.Kind];
        var running = m.Clocks.Where(c => !c.Clock.IsStopped).ToList();
        return new MatterColumns(
            m.Id,
            m.State,
            kind.States.TryGetValue(m.State, out var st) && st.Final,
            m.UnitId,
            TitleOf(kind, m),
            running.Any(c => c.Level == "red") ? "red" : running.Any(c => c.Level == "yellow") ? "yellow" : null,
            m.Clocks.Any(c => c.Clock.StoppedOn is { } stopped && stopped > c.Clock.Due(calendar)),
            running.Count == 0 ? null : running.Min(c => c.Clock.Due(calendar)).ToString("yyyy-MM-dd"),
            MatterEngine.NextCheck(pack, m, calendar)?.ToString("yyyy-MM-dd"),
            remember ? MatterSnapshotJson.Write(m) : MatterSnapshotJson.Serialize(m));
    }

    /// <summary>
    /// Writes what a sweep changes in many matters — the snapshot and the columns its clocks derive — in the current
    /// transaction: the sweep's batch path, whose facts (ladder steps, notifications, bulletin listings) change a matter's
    /// clocks only and went onto the journal through <see cref="WriteScope.RecordProjected"/>. Only these columns are
    /// written, so the indexes on the others are left alone.
    /// </summary>
    public static async Task UpdateSweptAsync(ChangxiaoDb db, IReadOnlyList<MatterColumns> rows, long atMs, CancellationToken ct)
    {
        const string set = "level = v.level, late = v.late, due_on = v.due_on, next_check = v.next_check, snapshot = v.snapshot, " +
                           "updated_at_ms = @at";
        var n = await Bulk.ExecuteAsync(db, rows,
            "UPDATE matters AS m SET " + set + " FROM unnest(@id, @level, @late, @due_on, @next_check, @snapshot)" +
            " AS v(id, level, late, due_on, next_check, snapshot) WHERE m.id = v.id",
            "UPDATE matters SET " + set.Replace("v.", "@") + " WHERE id = @id",
            SweptColumns, new Dictionary<string, object> { ["at"] = atMs }, ct);
        if (n != rows.Count) throw new InvalidOperationException($"sweep: {rows.Count - n} of {rows.Count} matters missing during projection");
    }

    private static readonly BulkColumn<MatterColumns>[] SweptColumns =
    [
        new("id", typeof(Guid), r => r.Id), new("level", typeof(string), r => r.Level), new("late", typeof(bool), r => r.Late),
        new("due_on", typeof(string), r => r.DueOn), new("next_check", typeof(string), r => r.NextCheck), new("snapshot", typeof(string), r => r.Snapshot),
    ];

    /// <summary>A list's title column: the field named title, else the first text field with a value.</summary>
    private static string TitleOf(MatterKind kind, MatterSnapshot m)
    {
        var field = kind.Fields.ContainsKey("title") ? "title"
            : kind.Fields.Values.FirstOrDefault(f => f.Type == FieldType.Text && f.ConfidentialTo.Count == 0 && m.HasField(f.Code))?.Code;
        var text = field is not null && m.Fields.TryGetValue(field, out var v) && v is not null && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>() : m.Number;
        return text.Length > 60 ? text[..60] + "…" : text;
    }

    public static void SaveSecrets(ChangxiaoDb db, Guid matterId, IReadOnlyDictionary<string, string?> sealedValues)
    {
        var set = db.Set<MatterSecretRow>();
        foreach (var (field, ciphertext) in sealedValues)
        {
            var row = set.Find(matterId, field);
            if (ciphertext is null)
            {
                if (row is not null) set.Remove(row);
            }
            else if (row is null) set.Add(new MatterSecretRow { MatterId = matterId, Field = field, Ciphertext = ciphertext });
            else row.Ciphertext = ciphertext;
        }
    }
}

/// <summary>What a matter's snapshot puts in its row for lists, filters and the sweep (see <see cref="MatterStore.Derive"/>).</summary>
internal sealed record MatterColumns(Guid Id, string State, bool Final, Guid UnitId, string Title, string? Level, bool Late, string? DueOn,
    string? NextCheck, string Snapshot);
