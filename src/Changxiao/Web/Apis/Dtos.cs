using Changxiao.Kernel.Journal;
using Changxiao.Store.Model;

namespace Changxiao.Web.Apis;

public sealed record UnitDto(Guid Id, string Code, string Name, string Kind, string KindTitle, Guid? ParentId, int Depth, int PeopleCount);
public sealed record UnitKindDto(string Code, string TitleZh, string TitleEn);
public sealed record PersonDto(Guid Id, string Code, string Name, Guid UnitId, string? UnitName, string? Phone, string? Email);
public sealed record PostDto(Guid Id, Guid UnitId, string Title, string Rank, Guid? HolderId, string? HolderName);
public sealed record RoleDto(string Code, string TitleZh, string TitleEn, IReadOnlyList<string> Permissions);
public sealed record RoleAssignmentDto(Guid Id, Guid PersonId, string? PersonName, string Role, Guid UnitId, string? UnitName, bool Subtree);
public sealed record AccountDto(Guid Id, string Username, Guid PersonId, string? PersonName, string? UnitName, bool Disabled,
    DateTimeOffset? LockedUntil, int FailedLogins, DateTimeOffset? LastLoginAt);
public sealed record TokenDto(Guid Id, string Name, DateTimeOffset CreatedAt, bool Revoked);
public sealed record NewTokenDto(Guid Id, string Name, string Token);
public sealed record Page<T>(IReadOnlyList<T> Items, long Total);

public sealed record JournalEntryDto(long Seq, DateTimeOffset At, string Actor, string Type, string EntityType, string EntityId,
    System.Text.Json.JsonElement Data, string Hash, string PrevHash)
{
    public static JournalEntryDto From(JournalRow r) =>
        new(r.Seq, DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs), r.Actor, r.Type, r.EntityType, r.EntityId,
            System.Text.Json.JsonDocument.Parse(r.Data).RootElement.Clone(), r.Hash, r.PrevHash);
}

public sealed record ChainReportDto(long Count, bool Ok, long? BrokenAt, string? Message)
{
    public static ChainReportDto From(ChainReport r) => new(r.Count, r.Ok, r.BrokenAt, r.Message);
}

public static class Ms
{
    public static DateTimeOffset? ToTime(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
