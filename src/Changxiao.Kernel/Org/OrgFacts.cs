using Changxiao.Kernel.Journal;

namespace Changxiao.Kernel.Org;

public sealed record UnitCreated(Guid Id, string Code, string Name, string Kind, Guid? ParentId) : IFact
{
    public string Type => "unit.created";
    public string EntityType => "unit";
    public Guid EntityId => Id;
}

public sealed record UnitUpdated(Guid Id, string Code, string Name, string Kind, Guid? ParentId) : IFact
{
    public string Type => "unit.updated";
    public string EntityType => "unit";
    public Guid EntityId => Id;
}

public sealed record PersonCreated(Guid Id, string Code, string Name, Guid UnitId, string? Phone, string? Email) : IFact
{
    public string Type => "person.created";
    public string EntityType => "person";
    public Guid EntityId => Id;
}

public sealed record PersonUpdated(Guid Id, string Code, string Name, Guid UnitId, string? Phone, string? Email) : IFact
{
    public string Type => "person.updated";
    public string EntityType => "person";
    public Guid EntityId => Id;
}

public sealed record PostCreated(Guid Id, Guid UnitId, string Title, string Rank, Guid? HolderId) : IFact
{
    public string Type => "post.created";
    public string EntityType => "post";
    public Guid EntityId => Id;
}

public sealed record PostUpdated(Guid Id, Guid UnitId, string Title, string Rank, Guid? HolderId) : IFact
{
    public string Type => "post.updated";
    public string EntityType => "post";
    public Guid EntityId => Id;
}

public sealed record RoleAssigned(Guid Id, Guid PersonId, string Role, Guid UnitId, bool Subtree) : IFact
{
    public string Type => "role.assigned";
    public string EntityType => "role-assignment";
    public Guid EntityId => Id;
}

public sealed record RoleRevoked(Guid Id, Guid PersonId, string Role, Guid UnitId) : IFact
{
    public string Type => "role.revoked";
    public string EntityType => "role-assignment";
    public Guid EntityId => Id;
}
