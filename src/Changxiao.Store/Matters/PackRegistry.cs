using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Packs;
using Changxiao.Store.Model;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store.Matters;

/// <summary>
/// Keeps every pack version a matter may run under. At start: a version seen for the first time is
/// registered (its files kept, a journal entry written); a known version whose files changed is
/// refused — rules may only change under a new version number; older versions still in the database
/// are loaded back so their matters keep running under them.
/// </summary>
public static class PackRegistry
{
    /// <param name="load">Loads a pack from a folder (the YAML loader lives outside the store).</param>
    public static async Task<PackCatalog> SyncAsync(StoreOptions options, IReadOnlyList<(Pack Pack, string Folder)> current,
        Func<string, Pack> load, Writer.Factory writerFactory, CancellationToken ct = default)
    {
        var catalog = new PackCatalog(current.Select(c => c.Pack));
        await using var db = Database.Open(options);
        var known = await db.Set<PackVersionRow>().AsNoTracking().ToListAsync(ct);
        foreach (var (pack, folder) in current)
        {
            var row = known.FirstOrDefault(k => k.PackId == pack.Id && k.Version == pack.Version);
            if (row is null)
            {
                var files = new JsonObject();
                foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    files[Path.GetRelativePath(folder, f).Replace('\\', '/')] = await File.ReadAllTextAsync(f, ct);
                await using var wdb = Database.Open(options);
                await writerFactory(wdb, catalog).RunAsync(Actor.System("packs"), w =>
                {
                    w.Record(new PackRegistered(pack.Id, pack.Version, pack.ContentHash, files.ToJsonString()));
                    return Task.CompletedTask;
                }, ct);
            }
            else if (row.ContentHash != pack.ContentHash)
            {
                throw new PackVersionConflictException(
                    $"机制包 {pack.Id} 第 {pack.Version} 版的内容已改动，但版本号没变（{folder}）。修改规则请把 version 加 1，已有事项仍按原版本运行。");
            }
        }
        // Older versions: materialise their files once and load them, so their matters can act.
        foreach (var row in known.Where(k => !catalog.Has(k.PackId, k.Version)))
        {
            // The loader wants the folder named after the pack id.
            var dir = Path.Combine(Path.GetTempPath(), "changxiao-packs", row.ContentHash[..16], row.PackId);
            if (!Directory.Exists(dir))
            {
                var tmp = Path.Combine(Path.GetDirectoryName(dir)!, ".tmp-" + Guid.NewGuid().ToString("N")[..6]);
                foreach (var (rel, text) in JsonNode.Parse(row.Files)!.AsObject())
                {
                    var path = Path.Combine(tmp, rel);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await File.WriteAllTextAsync(path, text!.GetValue<string>(), ct);
                }
                try { Directory.Move(tmp, dir); } catch (IOException) { Directory.Delete(tmp, true); }
            }
            catalog.AddVersion(load(dir) with { Version = row.Version });
        }
        return catalog;
    }
}

/// <summary>A pack's rules changed under an existing version number.</summary>
public sealed class PackVersionConflictException(string message) : Exception(message);
