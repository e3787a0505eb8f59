using Microsoft.EntityFrameworkCore;

namespace Changxiao.Store;

public sealed partial class WriteScope
{
    /// <summary>
    /// Unit lookups of one transaction, remembered for its length. Routing asks for the same few units again and again
    /// (a grouped batch of intakes often for one unit); a unit's code and path change only by org commands, which run in
    /// transactions of their own (<see cref="Writer.RunAsync{T}"/>) and do not look units up through here.
    /// </summary>
    internal UnitMemo Units { get; init; } = new();

    /// <summary>A unit's path, or null when there is no such unit.</summary>
    public string? UnitPath(Guid id)
    {
        if (Units.Paths.TryGetValue(id, out var path)) return path;
        path = Db.Units.AsNoTracking().Where(u => u.Id == id).Select(u => u.Path).FirstOrDefault();
        Units.Paths[id] = path;
        return path;
    }

    /// <summary>A unit by its code: id and path, or null.</summary>
    public (Guid Id, string Path)? UnitByCode(string code)
    {
        if (Units.Codes.TryGetValue(code, out var unit)) return unit;
        unit = Db.Units.AsNoTracking().Where(u => u.Code == code).Select(u => new { u.Id, u.Path }).FirstOrDefault() is { } u ? (u.Id, u.Path) : null;
        Units.Codes[code] = unit;
        return unit;
    }
}

internal sealed class UnitMemo
{
    public readonly Dictionary<Guid, string?> Paths = new();
    public readonly Dictionary<string, (Guid Id, string Path)?> Codes = new(StringComparer.Ordinal);
}
