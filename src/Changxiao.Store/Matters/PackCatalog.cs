using System.Collections.Concurrent;
using Changxiao.Kernel.Packs;

namespace Changxiao.Store.Matters;

/// <summary>
/// The mechanism packs this server runs: the current version of each (from the packs folder) for
/// new matters, and every registered older version for the matters opened under it.
/// </summary>
public sealed class PackCatalog
{
    private readonly ConcurrentDictionary<(string Id, int Version), Pack> _versions = new();
    private readonly Dictionary<string, Pack> _current;

    public PackCatalog(IEnumerable<Pack> current)
    {
        _current = current.ToDictionary(p => p.Id);
        foreach (var p in _current.Values) _versions[(p.Id, p.Version)] = p;
    }

    public static readonly PackCatalog Empty = new([]);

    /// <summary>The inspection programmes (督查计划) of the current packs.</summary>
    public IReadOnlyList<(string Pack, Kernel.Inspections.Programme Programme)> Programmes { get; private set; } = [];

    public void SetProgrammes(IEnumerable<(string Pack, Kernel.Inspections.Programme Programme)> programmes) => Programmes = programmes.ToList();

    /// <summary>The packs new matters open under.</summary>
    public IReadOnlyCollection<Pack> Current => _current.Values;

    public Pack? CurrentOf(string id) => _current.GetValueOrDefault(id);

    /// <summary>The exact version a matter runs under (loaded from the database when older than the folder's).</summary>
    public Pack Get(string id, int version) =>
        _versions.TryGetValue((id, version), out var p) ? p
            : throw new InvalidOperationException($"机制包 {id} 第 {version} 版没有加载");

    public bool Has(string id, int version) => _versions.ContainsKey((id, version));

    public void AddVersion(Pack pack) => _versions.TryAdd((pack.Id, pack.Version), pack);

    /// <summary>A pack role by its assigned code "pack-id/role" (current versions).</summary>
    public PackRole? FindRole(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0) return null;
        return CurrentOf(key[..slash]) is { } p && p.Roles.TryGetValue(key[(slash + 1)..], out var r) ? r : null;
    }

    /// <summary>A role code as assigned to people: system roles by their code, pack roles as "pack-id/role".</summary>
    public static string RoleKey(string packId, string role) => packId + "/" + role;
}
