using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;

namespace Changxiao.Kernel.Tests.Access;

public class AccessPolicyTests
{
    /// <summary>A unit as access sees it: an id and a materialised path.</summary>
    private sealed record Node(Guid Id, string Path)
    {
        public static Node Root() => Under(null);

        public static Node Under(Node? parent)
        {
            var id = Guid.NewGuid();
            return new Node(id, UnitPath.Of(parent?.Path, id));
        }
    }

    // county → township → village → group; a sibling township; another county in the same database.
    private static readonly Node County = Node.Root();
    private static readonly Node Township = Node.Under(County);
    private static readonly Node Village = Node.Under(Township);
    private static readonly Node Group = Node.Under(Village);
    private static readonly Node SiblingTownship = Node.Under(County);
    private static readonly Node SiblingVillage = Node.Under(SiblingTownship);
    private static readonly Node OtherCounty = Node.Root();

    private static Node Named(string name) => name switch
    {
        "county" => County,
        "township" => Township,
        "village" => Village,
        "group" => Group,
        "sibling" => SiblingTownship,
        "siblingVillage" => SiblingVillage,
        "otherCounty" => OtherCounty,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static Grant Subtree(string role, Node unit) => new(role, unit.Id, unit.Path, true);
    private static Grant Single(string role, Node unit) => new(role, unit.Id, unit.Path, false);
    private static Actor Holding(params Grant[] grants) => new(Guid.NewGuid(), Guid.NewGuid(), "张三", grants);
    private static bool Reaches(UnitScope scope, Node unit) => scope.Contains(unit.Id, unit.Path);

    // ---- ScopeOf ----

    [Fact]
    public void ScopeOf_SystemActor_IsEverything()
    {
        var scope = AccessPolicy.ScopeOf(Actor.System(), Permissions.OrgWrite);

        Assert.True(scope.All);
        Assert.False(scope.IsEmpty);
        Assert.True(Reaches(scope, Group));
        Assert.True(Reaches(scope, OtherCounty));
    }

    [Fact]
    public void ScopeOf_NoGrants_IsEmpty()
    {
        var scope = AccessPolicy.ScopeOf(Holding(), Permissions.OrgRead);

        Assert.True(scope.IsEmpty);
        Assert.False(Reaches(scope, County));
    }

    [Theory]
    [InlineData("officer", Permissions.OrgWrite)]
    [InlineData("officer", Permissions.JournalRead)]
    [InlineData("auditor", Permissions.AccountWrite)]
    [InlineData("org-admin", Permissions.JournalRead)]
    public void ScopeOf_RoleLacksPermission_IsEmpty(string role, string permission) =>
        Assert.True(AccessPolicy.ScopeOf(Holding(Subtree(role, County)), permission).IsEmpty);

    [Theory]
    [InlineData("unknown")]
    [InlineData("SYSADMIN")]
    [InlineData("")]
    public void ScopeOf_UnknownRoleCode_GrantsNothing(string role) =>
        Assert.True(AccessPolicy.ScopeOf(Holding(Subtree(role, County)), Permissions.OrgRead).IsEmpty);

    [Theory]
    [InlineData("township", true)]
    [InlineData("village", true)]
    [InlineData("group", true)]
    [InlineData("sibling", false)]
    [InlineData("siblingVillage", false)]
    [InlineData("county", false)]
    [InlineData("otherCounty", false)]
    public void ScopeOf_SubtreeGrant_ReachesUnitAndDescendantsOnly(string unit, bool expected)
    {
        var scope = AccessPolicy.ScopeOf(Holding(Subtree("org-admin", Township)), Permissions.OrgWrite);

        Assert.Equal(expected, Reaches(scope, Named(unit)));
    }

    [Theory]
    [InlineData("township", true)]
    [InlineData("village", false)]
    [InlineData("group", false)]
    [InlineData("sibling", false)]
    [InlineData("county", false)]
    public void ScopeOf_SingleUnitGrant_ReachesThatUnitOnly(string unit, bool expected)
    {
        var scope = AccessPolicy.ScopeOf(Holding(Single("org-admin", Township)), Permissions.OrgWrite);

        Assert.Equal(expected, Reaches(scope, Named(unit)));
    }

    [Fact]
    public void ScopeOf_SubtreeGrantOnRoot_StaysAPrefixAndExcludesOtherCounty()
    {
        var scope = AccessPolicy.ScopeOf(Holding(Subtree("sysadmin", County)), Permissions.OrgRead);

        Assert.False(scope.All);
        Assert.Equal([County.Path], scope.SubtreePaths);
        Assert.True(Reaches(scope, Group));
        Assert.False(Reaches(scope, OtherCounty));
    }

    [Theory]
    [InlineData("township", true)]
    [InlineData("village", true)]
    [InlineData("group", true)]
    [InlineData("sibling", true)]
    [InlineData("siblingVillage", false)]
    [InlineData("county", false)]
    [InlineData("otherCounty", true)]
    public void ScopeOf_SeveralGrants_Unioned(string unit, bool expected)
    {
        var actor = Holding(
            Subtree("officer", Township),
            Single("auditor", SiblingTownship),
            Subtree("org-admin", OtherCounty));

        var scope = AccessPolicy.ScopeOf(actor, Permissions.OrgRead);

        Assert.Equal(expected, Reaches(scope, Named(unit)));
    }

    [Fact]
    public void ScopeOf_SeveralGrants_OnlyThoseWhoseRoleHasThePermissionCount()
    {
        var actor = Holding(Subtree("officer", Township), Single("org-admin", SiblingTownship));

        var scope = AccessPolicy.ScopeOf(actor, Permissions.OrgWrite);

        Assert.Empty(scope.SubtreePaths);
        Assert.Equal([SiblingTownship.Id], scope.Units);
        Assert.False(Reaches(scope, Township));
    }

    [Fact]
    public void ScopeOf_RepeatedGrants_ListedOnce()
    {
        var actor = Holding(
            Subtree("officer", Township), Subtree("auditor", Township),
            Single("officer", SiblingTownship), Single("org-admin", SiblingTownship));

        var scope = AccessPolicy.ScopeOf(actor, Permissions.OrgRead);

        Assert.Equal([Township.Path], scope.SubtreePaths);
        Assert.Equal([SiblingTownship.Id], scope.Units);
    }

    // ---- HasGlobal ----

    [Fact]
    public void HasGlobal_SystemActor_True() =>
        Assert.True(AccessPolicy.HasGlobal(Actor.System(), Permissions.JournalRead));

    [Theory]
    [InlineData("sysadmin", "county", true, Permissions.JournalRead, true)]
    [InlineData("auditor", "county", true, Permissions.JournalRead, true)]
    [InlineData("org-admin", "otherCounty", true, Permissions.OrgWrite, true)]
    [InlineData("sysadmin", "county", false, Permissions.JournalRead, false)]
    [InlineData("sysadmin", "township", true, Permissions.JournalRead, false)]
    [InlineData("sysadmin", "village", true, Permissions.JournalRead, false)]
    [InlineData("officer", "county", true, Permissions.JournalRead, false)]
    [InlineData("org-admin", "county", true, Permissions.JournalRead, false)]
    [InlineData("unknown", "county", true, Permissions.OrgRead, false)]
    public void HasGlobal_OneGrant_TrueOnlyForSubtreeOnRootWithPermission(string role, string unit, bool subtree, string permission, bool expected)
    {
        var node = Named(unit);

        Assert.Equal(expected, AccessPolicy.HasGlobal(Holding(new Grant(role, node.Id, node.Path, subtree)), permission));
    }

    [Fact]
    public void HasGlobal_NoGrants_False() =>
        Assert.False(AccessPolicy.HasGlobal(Holding(), Permissions.OrgRead));

    [Fact]
    public void HasGlobal_PermissionFromOneGrantRootFromAnother_False()
    {
        // org.write on the whole county plus journal.read on a township is not global journal.read.
        var actor = Holding(Subtree("org-admin", County), Subtree("auditor", Township));

        Assert.False(AccessPolicy.HasGlobal(actor, Permissions.JournalRead));
    }

    // ---- Actor.PermissionNames ----

    [Fact]
    public void PermissionNames_SeveralRoles_UnionedWithoutDuplicates()
    {
        var actor = Holding(Subtree("officer", Township), Single("auditor", Village), Single("officer", County));

        Assert.Equal(
            new[] { Permissions.JournalRead, Permissions.MatterRead, Permissions.OrgRead },
            actor.PermissionNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PermissionNames_UnknownRole_GrantsNothing()
    {
        Assert.Empty(Holding(Subtree("unknown", County)).PermissionNames);
        Assert.Equal(SystemRoles.Officer.Permissions, Holding(Subtree("unknown", County), Single("officer", Village)).PermissionNames);
    }

    [Fact]
    public void PermissionNames_SystemActor_AllSysadminPermissions() =>
        Assert.Equal(
            SystemRoles.Sysadmin.Permissions.Order(StringComparer.Ordinal),
            Actor.System().PermissionNames.Order(StringComparer.Ordinal));

    [Fact]
    public void SystemRoles_Find_IsByExactCode()
    {
        Assert.Same(SystemRoles.Auditor, SystemRoles.Find("auditor"));
        Assert.Null(SystemRoles.Find("Auditor"));
        Assert.Null(SystemRoles.Find("审计员"));
    }
}
