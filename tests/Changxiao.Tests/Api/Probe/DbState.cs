using System.Data.Common;
using System.Globalization;
using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Tests.Api.Probe;

/// <summary>
/// Every row of every table, read straight from the database catalogue (so a table added tomorrow is watched too), to see
/// what one HTTP call changed — and to undo it when the change was a finding, so one hole neither hides nor multiplies others.
/// The journal is append-only and long: only its new entries are read (the head row says where it ends).
/// </summary>
public sealed class DbState
{
    private const string Journal = "journal";

    public sealed record Table(string Name, IReadOnlyList<string> Columns, IReadOnlyList<int> Key);

    public sealed record Row(string Table, string Text, object?[] Values)
    {
        public override string ToString() => $"{Table}: {Text}";
    }

    private readonly Dictionary<string, Dictionary<string, Row>> _rows;

    private DbState(Dictionary<string, Dictionary<string, Row>> rows, long journalSeq)
    {
        _rows = rows;
        JournalSeq = journalSeq;
    }

    public long JournalSeq { get; }

    /// <summary>The tables of the schema with their columns and primary key, once per fixture.</summary>
    public static async Task<IReadOnlyList<Table>> TablesAsync(TestDatabase database)
    {
        await using var db = database.Open();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var pg = db.Database.IsNpgsql();
        var names = await ListAsync(conn, pg
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        var tables = new List<Table>();
        foreach (var name in names.Where(n => !n.StartsWith("__", StringComparison.Ordinal)))
        {
            var columns = await ListAsync(conn, pg
                ? $"SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{name}' ORDER BY ordinal_position"
                : $"SELECT name FROM pragma_table_info('{name}') ORDER BY cid");
            var key = await ListAsync(conn, pg
                ? "SELECT k.column_name FROM information_schema.table_constraints c JOIN information_schema.key_column_usage k " +
                  "ON c.constraint_name = k.constraint_name AND c.table_schema = k.table_schema " +
                  $"WHERE c.table_schema = 'public' AND c.table_name = '{name}' AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.ordinal_position"
                : $"SELECT name FROM pragma_table_info('{name}') WHERE pk > 0 ORDER BY pk");
            Assert.True(key.Count > 0, $"table {name} has no primary key: the probe cannot tell its rows apart");
            tables.Add(new Table(name, columns, key.Select(k => columns.ToList().IndexOf(k)).ToList()));
        }
        return tables;
    }

    public static async Task<DbState> ReadAsync(TestDatabase database, IReadOnlyList<Table> tables, long journalFrom)
    {
        await using var db = database.Open();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var rows = new Dictionary<string, Dictionary<string, Row>>();
        long seq = 0;
        foreach (var t in tables)
        {
            var sql = $"SELECT {string.Join(", ", t.Columns.Select(Q))} FROM {Q(t.Name)}" + (t.Name == Journal ? $" WHERE seq > {journalFrom}" : "");
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await using var r = await cmd.ExecuteReaderAsync();
            var map = new Dictionary<string, Row>();
            while (await r.ReadAsync())
            {
                var values = new object?[t.Columns.Count];
                for (var i = 0; i < values.Length; i++) values[i] = r.IsDBNull(i) ? null : r.GetValue(i);
                var key = string.Join("|", t.Key.Select(k => Show(values[k])));
                map[key] = new Row(t.Name, string.Join(" | ", t.Columns.Select((c, i) => $"{c}={Show(values[i])}")), values);
            }
            rows[t.Name] = map;
        }
        if (rows.TryGetValue("journal_head", out var head) && head.Values.SingleOrDefault() is { } h)
            seq = Convert.ToInt64(h.Values[tables.Single(t => t.Name == "journal_head").Columns.ToList().IndexOf("seq")], CultureInfo.InvariantCulture);
        return new DbState(rows, seq);
    }

    public sealed record Change(Row? Before, Row? After)
    {
        public string Text => (Before?.Text ?? "") + "\n" + (After?.Text ?? "");

        public override string ToString() => Before is null ? $"+ {After}" : After is null ? $"- {Before}" : $"~ {Before.Table}: {Before.Text}  →  {After.Text}";
    }

    /// <summary>Rows added, removed or changed from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static IReadOnlyList<Change> Diff(DbState before, DbState after)
    {
        var changes = new List<Change>();
        foreach (var (table, rowsAfter) in after._rows)
        {
            if (table == Journal)
            {
                // Read from the earlier head on: every entry here is new. Older entries are the chain's to guard (journal verify).
                changes.AddRange(rowsAfter.Where(r => long.Parse(r.Key, CultureInfo.InvariantCulture) > before.JournalSeq).Select(r => new Change(null, r.Value)));
                continue;
            }
            var rowsBefore = before._rows.GetValueOrDefault(table) ?? [];
            foreach (var (key, row) in rowsAfter)
            {
                if (!rowsBefore.TryGetValue(key, out var old)) changes.Add(new Change(null, row));
                else if (old.Text != row.Text) changes.Add(new Change(old, row));
            }
            foreach (var (key, row) in rowsBefore)
            {
                if (!rowsAfter.ContainsKey(key)) changes.Add(new Change(row, null));
            }
        }
        return changes;
    }

    /// <summary>Puts back every row <paramref name="changes"/> touched, and cuts the journal back to the earlier head.</summary>
    public static async Task RestoreAsync(TestDatabase database, IReadOnlyList<Table> tables, DbState before, IReadOnlyList<Change> changes)
    {
        await using var db = database.Open();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        foreach (var change in changes)
        {
            var t = tables.Single(x => x.Name == (change.Before ?? change.After)!.Table);
            if (change.After is { } added && added.Table != Journal)
            {
                await using var del = conn.CreateCommand();
                del.Transaction = tx;
                del.CommandText = $"DELETE FROM {Q(t.Name)} WHERE " + string.Join(" AND ", t.Key.Select((k, i) => $"{Q(t.Columns[k])} = @k{i}"));
                for (var i = 0; i < t.Key.Count; i++) Param(del, $"@k{i}", added.Values[t.Key[i]]);
                await del.ExecuteNonQueryAsync();
            }
        }
        foreach (var change in changes)
        {
            if (change.Before is not { } old) continue;
            var t = tables.Single(x => x.Name == old.Table);
            await using var ins = conn.CreateCommand();
            ins.Transaction = tx;
            ins.CommandText = $"INSERT INTO {Q(t.Name)} ({string.Join(", ", t.Columns.Select(Q))}) VALUES ({string.Join(", ", t.Columns.Select((_, i) => "@v" + i))})";
            for (var i = 0; i < t.Columns.Count; i++) Param(ins, "@v" + i, old.Values[i]);
            await ins.ExecuteNonQueryAsync();
        }
        await using (var cut = conn.CreateCommand())
        {
            cut.Transaction = tx;
            cut.CommandText = $"DELETE FROM journal WHERE seq > {before.JournalSeq}";
            await cut.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    private static void Param(DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
    }

    private static string Q(string name) => "\"" + name + "\"";

    private static string Show(object? v) => v switch
    {
        null => "∅",
        Guid g => g.ToString("D"),
        string s => s,
        byte[] b => Convert.ToHexString(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static async Task<List<string>> ListAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return list;
    }
}
