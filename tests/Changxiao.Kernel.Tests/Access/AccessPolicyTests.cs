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

    // ---- OrgAccess.Change: one decision on the object's current and new place ----

    private static Place At(string unit) => new(Named(unit).Id, Named(unit).Path);

    private static OrgAccess TownshipAdmin() => AccessPolicy.ForOrg(Holding(Subtree("org-admin", Township)));

    [Theory]
    [InlineData(null, "village", null)]
    [InlineData("village", "group", null)]
    [InlineData("group", "township", null)]
    [InlineData(null, "sibling", OrgPart.Place)]
    [InlineData("village", "sibling", OrgPart.Place)]
    [InlineData("village", "county", OrgPart.Place)]
    [InlineData("sibling", "village", OrgPart.Object)]
    [InlineData("county", "township", OrgPart.Object)]
    [InlineData("siblingVillage", "village", OrgPart.Object)]
    public void Change_TownshipAdmin_NeedsBothCurrentAndNewPlaceInScope(string? now, string next, OrgPart? refused)
    {
        var refusal = TownshipAdmin().Change(now is null ? null : At(now), At(next));

        Assert.Equal(refused, refusal?.Part);
    }

    [Fact]
    public void Change_OutOfSight_RefusedAsInvisible_ReadableButNotWritable_RefusedAsVisible()
    {
        // org-admin over the township, officer (read only) over the sibling township.
        var access = AccessPolicy.ForOrg(Holding(Subtree("org-admin", Township), Subtree("officer", SiblingTownship)));

        Assert.Equal(new OrgRefusal(OrgPart.Object, Visible: false), access.Change(At("county"), At("village")));
        Assert.Equal(new OrgRefusal(OrgPart.Object, Visible: true), access.Change(At("siblingVillage"), At("village")));
        Assert.Equal(new OrgRefusal(OrgPart.Place, Visible: false), access.Change(At("village"), At("otherCounty")));
        Assert.Equal(new OrgRefusal(OrgPart.Place, Visible: true), access.Change(null, At("sibling")));
    }

    [Fact]
    public void Change_HolderOutOfSight_Refused_HolderInSight_Allowed()
    {
        var access = TownshipAdmin();

        Assert.Equal(new OrgRefusal(OrgPart.Holder, Visible: false), access.Change(null, At("village"), holder: At("county")));
        Assert.Equal(new OrgRefusal(OrgPart.Holder, Visible: false), access.Change(At("village"), At("village"), holder: At("sibling")));
        Assert.Null(access.Change(null, At("village"), holder: At("group")));
    }

    [Fact]
    public void Change_NewRoot_OnlyWithOrgWriteOverARootSubtree()
    {
        Assert.Equal(new OrgRefusal(OrgPart.Place, Visible: true), TownshipAdmin().Change(null, Place.Top));
        Assert.Equal(new OrgRefusal(OrgPart.Place, Visible: true),
            AccessPolicy.ForOrg(Holding(Single("org-admin", County))).Change(At("county"), Place.Top));
        Assert.Null(AccessPolicy.ForOrg(Holding(Subtree("sysadmin", County))).Change(null, Place.Top));
        Assert.Null(AccessPolicy.ForOrg(Actor.System()).Change(null, Place.Top));
    }

    [Fact]
    public void Change_SingleUnitGrant_DoesNotReachBelow()
    {
        var access = AccessPolicy.ForOrg(Holding(Single("org-admin", Township)));

        Assert.Null(access.Change(null, At("township")));
        Assert.Equal(OrgPart.Place, access.Change(At("township"), At("village"))?.Part);
        Assert.Equal(OrgPart.Object, access.Change(At("village"), At("township"))?.Part);
    }

    [Fact]
    public void Change_SystemActor_Anything() =>
        Assert.Null(AccessPolicy.ForOrg(Actor.System()).Change(At("otherCounty"), At("group"), At("siblingVillage")));

    [Fact]
    public void Change_Officer_CanWriteNowhere() =>
        Assert.Equal(new OrgRefusal(OrgPart.Object, Visible: true),
            AccessPolicy.ForOrg(Holding(Subtree("officer", County))).Change(At("village"), At("village")));

    // ---- UseOfCode ----

    [Theory]
    [InlineData(null, CodeUse.Free)]
    [InlineData("township", CodeUse.Taken)]
    [InlineData("group", CodeUse.Taken)]
    [InlineData("sibling", CodeUse.Unavailable)]
    [InlineData("county", CodeUse.Unavailable)]
    [InlineData("otherCounty", CodeUse.Unavailable)]
    public void UseOfCode_TakenOnlyWhereTheActorCanSee(string? holder, CodeUse expected) =>
        Assert.Equal(expected, TownshipAdmin().UseOfCode(holder is null ? null : At(holder)));

    [Fact]
    public void UseOfCode_SystemActor_TakenAnywhere() =>
        Assert.Equal(CodeUse.Taken, AccessPolicy.ForOrg(Actor.System()).UseOfCode(At("otherCounty")));

    // ---- MayGrant: no one grants what they do not hold ----

    private static readonly Guid Colleague = Guid.NewGuid();

    [Theory]
    [InlineData("org-admin", "village", false, true)]
    [InlineData("org-admin", "village", true, true)]
    [InlineData("org-admin", "township", true, true)]
    [InlineData("org-admin", "sibling", false, false)]
    [InlineData("org-admin", "county", false, false)]
    [InlineData("officer", "village", false, false)] // matter.read is not the org-admin's
    [InlineData("auditor", "village", false, false)]
    [InlineData("sysadmin", "village", true, false)]
    [InlineData("efficiency-complaints/intake", "village", false, false)]
    [InlineData("tp/intake", "township", true, false)]
    public void MayGrant_TownshipAdmin_OnlySystemRolesItHolds_InItsSubtree(string role, string unit, bool subtree, bool expected) =>
        Assert.Equal(expected, AccessPolicy.MayGrant(Holding(Subtree("org-admin", Township)), Colleague, role, At(unit), subtree));

    [Fact]
    public void MayGrant_SingleUnitHold_CannotGrantOverTheSubtree()
    {
        var granter = Holding(Single("org-admin", Township));

        Assert.True(AccessPolicy.MayGrant(granter, Colleague, "org-admin", At("township"), subtree: false));
        Assert.False(AccessPolicy.MayGrant(granter, Colleague, "org-admin", At("township"), subtree: true));
    }

    [Fact]
    public void MayGrant_PermissionHeldOnlyOverAPart_NotOverTheWhole()
    {
        // role.assign over the county, journal.read only over the township: no auditor over the county.
        var granter = Holding(Subtree("org-admin", County), Subtree("sysadmin", Township));

        Assert.False(AccessPolicy.MayGrant(granter, Colleague, "auditor", At("county"), subtree: true));
        Assert.False(AccessPolicy.MayGrant(granter, Colleague, "auditor", At("county"), subtree: false));
        Assert.True(AccessPolicy.MayGrant(granter, Colleague, "auditor", At("village"), subtree: true));
    }

    [Fact]
    public void MayGrant_PackRole_ByItsHolderOrBySysadmin_WithinTheirReach()
    {
        var holder = Holding(Subtree("org-admin", Township), Subtree("tp/intake", Township));
        var sysadmin = Holding(Subtree("sysadmin", County));

        Assert.True(AccessPolicy.MayGrant(holder, Colleague, "tp/intake", At("village"), subtree: true));
        Assert.False(AccessPolicy.MayGrant(holder, Colleague, "tp/handler", At("village"), subtree: true));
        Assert.False(AccessPolicy.MayGrant(holder, Colleague, "tp/intake", At("county"), subtree: false));
        Assert.True(AccessPolicy.MayGrant(sysadmin, Colleague, "tp/intake", At("township"), subtree: true));
        Assert.False(AccessPolicy.MayGrant(sysadmin, Colleague, "tp/intake", At("otherCounty"), subtree: true));
    }

    [Fact]
    public void MayGrant_PackRoleHolderWithoutRoleAssign_Refused() =>
        Assert.False(AccessPolicy.MayGrant(Holding(Subtree("tp/intake", County)), Colleague, "tp/intake", At("township"), subtree: false));

    [Theory]
    [InlineData("officer")]
    [InlineData("tp/intake")]
    public void MayGrant_ToOwnPerson_RefusedEvenToSysadmin(string role)
    {
        var granter = Holding(Subtree("sysadmin", County));

        Assert.False(AccessPolicy.MayGrant(granter, granter.PersonId!.Value, role, At("township"), subtree: true));
    }

    [Fact]
    public void MayGrant_SystemActor_Anything() =>
        Assert.True(AccessPolicy.MayGrant(Actor.System(), Colleague, "tp/intake", At("otherCounty"), subtree: true));

    [Fact]
    public void MayGrant_UnknownSystemRole_Refused() =>
        Assert.False(AccessPolicy.MayGrant(Holding(Subtree("sysadmin", County)), Colleague, "superuser", At("township"), subtree: false));

    [Fact]
    public void SystemRoles_Find_IsByExactCode()
    {
        Assert.Same(SystemRoles.Auditor, SystemRoles.Find("auditor"));
        Assert.Null(SystemRoles.Find("Auditor"));
        Assert.Null(SystemRoles.Find("审计员"));
    }
}
