using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Changxiao.Store;

/// <summary>One column of a bulk statement: its parameter name, CLR type and how a row gives its value.</summary>
internal sealed record BulkColumn<T>(string Name, Type Type, Func<T, object?> Value);

/// <summary>
/// Many rows written by one statement inside the Writer's transaction, for batch paths where EF's per-entity work
/// would cost more than the database's own (the sweep). PostgreSQL: the statement takes each column as an array
/// parameter (<c>unnest</c>) — one round trip. SQLite: one prepared statement run per row — in process, no round trips.
/// Parameters are made by EF's own type mappings, so values are stored exactly as EF stores them.
/// </summary>
internal static class Bulk
{
    /// <returns>The rows affected.</returns>
    public static async Task<int> ExecuteAsync<T>(ChangxiaoDb db, IReadOnlyList<T> rows, string postgresSql, string sqliteSql,
        IReadOnlyList<BulkColumn<T>> columns, IReadOnlyDictionary<string, object> constants, CancellationToken ct)
    {
        if (rows.Count == 0) return 0;
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("a bulk write runs inside the Writer's transaction");
        var types = db.GetService<IRelationalTypeMappingSource>();
        foreach (var (name, value) in constants)
            cmd.Parameters.Add(types.FindMapping(value.GetType())!.CreateParameter(cmd, "@" + name, value));
        if (db.Database.IsNpgsql())
        {
            cmd.CommandText = postgresSql;
            foreach (var c in columns)
            {
                var values = Array.CreateInstance(c.Type, rows.Count);
                for (var i = 0; i < rows.Count; i++) values.SetValue(c.Value(rows[i]), i);
                var p = cmd.CreateParameter();
                p.ParameterName = "@" + c.Name;
                p.Value = values;
                cmd.Parameters.Add(p);
            }
            return await cmd.ExecuteNonQueryAsync(ct);
        }
        cmd.CommandText = sqliteSql;
        var parameters = columns.Select(c =>
        {
            var p = types.FindMapping(c.Type)!.CreateParameter(cmd, "@" + c.Name, null, nullable: true);
            cmd.Parameters.Add(p);
            return p;
        }).ToArray();
        await cmd.PrepareAsync(ct);
        var affected = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = columns[i].Value(row) ?? DBNull.Value;
            affected += await cmd.ExecuteNonQueryAsync(ct);
        }
        return affected;
    }
}
