using System.Text.Json.Nodes;
using Changxiao.Kernel.Matters;
using static Changxiao.Kernel.Tests.Matters.Election;

namespace Changxiao.Kernel.Tests.Matters;

/// <summary>
/// A matter derived from another (the talk a late report opens) carries the report's recusal: its subject, and the
/// people of a recused unit, neither see it, act on it nor are told of it.
/// </summary>
public class DerivedRecusalTests
{
    private static readonly Guid Dept = Guid.Parse("0197b000-0000-7000-8000-0000000000d1");

    /// <summary>A talk about <paramref name="about"/> opened the way the store opens a derived one: with the source's recusal.</summary>
    private static MatterSnapshot Talk(IReadOnlyList<Guid> recused, Guid about) =>
        Replay(null, MatterEngine.Open(ElectionPack, "talk", Guid.Parse("0197b000-0000-7000-8000-000000000002"), "YT-1",
            new OpenInput(new Dictionary<string, JsonNode?>(), new Dictionary<string, IReadOnlyList<Guid>> { ["about"] = [about] }, County) { Recused = recused },
            ActingAs.System("rule:clock"), OpenedOn, Cal, UnitByCode, Lookups));

    [Fact]
    public void RecusedMembers_OfAReport_AreItsSubject()
    {
        var report = Registered();

        Assert.Equal([SubjectId], MatterEngine.RecusedMembers(ElectionPack, report));
    }

    [Fact]
    public void Talk_CarryingTheReportsRecusal_IsHiddenFromItsSubject_AndNotFromOthers()
    {
        var talk = Talk(MatterEngine.RecusedMembers(ElectionPack, Registered()), InChargeId);

        Assert.False(MatterEngine.CanSee(talk, ElectionPack, Subject));
        Assert.Empty(MatterEngine.Available(ElectionPack, talk, Subject));
        AssertBroken(MatterRuleCodes.Recused, () => MatterEngine.Act(ElectionPack, talk, "hold", new ActInput(), Subject, OpenedOn, Cal));
        Assert.True(MatterEngine.CanSee(talk, ElectionPack, Discipline));
        Assert.True(MatterEngine.CanSee(talk, ElectionPack, InCharge));
        Assert.Contains(MatterEngine.Available(ElectionPack, talk, Discipline), a => a.Code == "hold");
    }

    [Fact]
    public void Talk_AboutTheSubjectItself_IsHiddenFromThem()
    {
        // The talk's own party names them, but they are the subject of what it came from: recusal wins.
        var talk = Talk([SubjectId], SubjectId);

        Assert.False(MatterEngine.CanSee(talk, ElectionPack, Subject));
        Assert.False(MatterEngine.CanReadConfidential(ElectionPack, talk, "about", Subject));
    }

    [Fact]
    public void Talk_CarryingARecusedUnit_IsHiddenFromThosePeopleOnly()
    {
        var talk = Talk([Dept], InChargeId);

        Assert.False(MatterEngine.CanSee(talk, ElectionPack, Stranger with { HomeUnits = [County, Dept] }));
        Assert.True(MatterEngine.CanSee(talk, ElectionPack, Stranger with { HomeUnits = [County] }));
    }

    [Fact]
    public void DerivedFromADerived_CarriesTheRecusalOn()
    {
        var talk = Talk([SubjectId, Dept], InChargeId);

        Guid[] both = [.. new[] { SubjectId, Dept }.Order()];
        Assert.Equal(both, MatterEngine.RecusedMembers(ElectionPack, talk).Order());
        Assert.Equal(both, talk.PartyOf(MatterParties.Recused).Order());
    }
}
