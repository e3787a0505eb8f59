namespace Changxiao.Kernel.Org;

/// <summary>A kind of unit (county, township, court, law firm …). Kinds are data: packs/org/unit-kinds.yaml.</summary>
public sealed record UnitKind(string Code, string TitleZh, string TitleEn);

/// <summary>The set of known unit kinds, looked up by code or by either title.</summary>
public sealed class UnitKinds
{
    private readonly Dictionary<string, UnitKind> _byName = new(StringComparer.OrdinalIgnoreCase);

    public UnitKinds(IEnumerable<UnitKind> kinds)
    {
        All = kinds.ToList();
        // Codes first, so a title never shadows a code nor makes a later code look duplicated.
        foreach (var k in All)
            if (!_byName.TryAdd(k.Code, k)) throw new ArgumentException($"单位类型编码重复：{k.Code}");
        foreach (var k in All)
        {
            _byName.TryAdd(k.TitleZh, k);
            _byName.TryAdd(k.TitleEn, k);
        }
    }

    public IReadOnlyList<UnitKind> All { get; }

    /// <summary>Finds a kind by its code or its Chinese or English title.</summary>
    public UnitKind? Find(string? name) =>
        name is not null && _byName.TryGetValue(name.Trim(), out var k) ? k : null;
}

/// <summary>Post ranks: 一把手 / 正职 / 副职 / 一般.</summary>
public static class PostRanks
{
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
    {
        ["top"] = "一把手",
        ["principal"] = "正职",
        ["deputy"] = "副职",
        ["staff"] = "一般",
    };

    /// <summary>Normalises a rank given as its code or its Chinese title; null when unknown.</summary>
    public static string? Normalise(string? rank)
    {
        if (rank is null) return null;
        var r = rank.Trim();
        if (Titles.ContainsKey(r.ToLowerInvariant())) return r.ToLowerInvariant();
        return Titles.FirstOrDefault(t => t.Value == r).Key;
    }
}

/// <summary>
/// Materialised paths make "this unit and its subtree" one prefix comparison.
/// A path is "/" + ids (32 hex chars) joined and ended by "/"; the root's path is "/{id}/".
/// </summary>
public static class UnitPath
{
    public static string Of(string? parentPath, Guid id) => (parentPath ?? "/") + id.ToString("N") + "/";

    public static int Depth(string path) => path.Count(c => c == '/') - 2;

    public static bool IsWithin(string path, string ancestorPath) => path.StartsWith(ancestorPath, StringComparison.Ordinal);

    /// <summary>The ids on a path, from the top unit down to the unit itself ("/a/b/" → a, b).</summary>
    public static IReadOnlyList<Guid> Ids(string? path) =>
        string.IsNullOrEmpty(path) ? [] : path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => Guid.ParseExact(s, "N")).ToArray();
}

/// <summary>
/// How a code a command asks for stands. Codes are unique across the database, but an actor must not learn what
/// lies outside its sight: a code held there is only "unavailable", never "taken by …".
/// </summary>
public enum CodeUse
{
    Free,

    /// <summary>Held by something the actor can see.</summary>
    Taken,

    /// <summary>Held by something the actor cannot see.</summary>
    Unavailable,
}

/// <summary>What a decision needs to know of an existing unit.</summary>
public sealed record UnitView(Guid Id, string Code, string Name, string Kind, Guid? ParentId, string Path);

/// <summary>What a decision needs to know of an existing person.</summary>
public sealed record PersonView(Guid Id, string Code, string Name, Guid UnitId, string UnitPath);
