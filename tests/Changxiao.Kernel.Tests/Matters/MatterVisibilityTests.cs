using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Matters;
using static Changxiao.Kernel.Tests.Matters.Election;

namespace Changxiao.Kernel.Tests.Matters;

public class MatterVisibilityTests
{
    private static string[] Codes(MatterSnapshot matter, ActingAs actor) =>
        MatterEngine.Available(ElectionPack, matter, actor).Select(a => a.Code).ToArray();

    [Fact]
    public void CanSee_Subject_IsFalse() =>
        Assert.False(MatterEngine.CanSee(Registered(), ElectionPack, Subject));

    [Fact]
    public void CanSee_HandlerAndOfficers_IsTrue()
    {
        Assert.True(MatterEngine.CanSee(Assigned(), ElectionPack, Handler));
        Assert.True(MatterEngine.CanSee(Assigned(), ElectionPack, Stranger));
        Assert.True(MatterEngine.CanSee(Assigned(), ElectionPack, ActingAs.Citizen()));
    }

    [Fact]
    public void Available_Registered_SupervisorMayAssign() =>
        Assert.Equal(["assign"], Codes(Registered(), Supervisor));

    [Fact]
    public void Available_Verifying_HandlerSeesPauseResumeAndConclude() =>
        Assert.Equal(["await-material", "material-received", "conclude"], Codes(Verifying(), Handler));

    [Fact]
    public void Available_ConcludedTrue_DisciplineMaySanctionAndInChargeMayClose()
    {
        var concluded = Concluded();

        Assert.Equal(["sanction"], Codes(concluded, Discipline));
        Assert.Equal(["close"], Codes(concluded, InCharge));
    }

    [Fact]
    public void Available_ConcludedUntrue_SanctionIsNotOffered() =>
        Assert.Empty(Codes(Concluded("不属实"), Discipline));

    [Fact]
    public void Available_SubjectHoldingEveryRole_Nothing() =>
        Assert.Empty(Codes(Registered(), Subject));

    [Fact]
    public void Available_Stranger_Nothing() =>
        Assert.Empty(Codes(Verifying(), Stranger));

    [Fact]
    public void Available_ClosedOrSuspended_Nothing()
    {
        var closed = Act(Concluded(), "close", InCharge, D("2025-10-10")).Matter;
        var suspended = Replay(Registered(), MatterEngine.Suspend(ElectionPack, Registered(), "等待巡察结论", null, OpenedOn));

        Assert.Empty(Codes(closed, ActingAs.System()));
        Assert.Empty(Codes(suspended, Supervisor));
    }

    [Fact]
    public void Available_System_EveryActionFromTheState() =>
        Assert.Equal(["await-material", "material-received", "conclude"], Codes(Verifying(), ActingAs.System()));

    [Fact]
    public void CanReadConfidential_OnlyTheRolesNamed()
    {
        Assert.True(MatterEngine.CanReadConfidential(ElectionPack, Registered(), "reporter", Intake));
        Assert.False(MatterEngine.CanReadConfidential(ElectionPack, Registered(), "reporter", Supervisor));
        Assert.False(MatterEngine.CanReadConfidential(ElectionPack, Registered(), "reporter", Subject));
        Assert.True(MatterEngine.CanReadConfidential(ElectionPack, Registered(), "content", Supervisor));
    }
}

/// <summary>A recused unit party: everyone who works in that unit or under it is recused; the units above are not.</summary>
public class MatterUnitRecusalTests
{
    private static readonly Guid Dept = Guid.Parse("0197b000-0000-7000-8000-0000000000d1");
    private static readonly Guid Section = Guid.Parse("0197b000-0000-7000-8000-0000000000d2");
    private static readonly Guid Other = Guid.Parse("0197b000-0000-7000-8000-0000000000d3");

    private static readonly Pack ReportPack = new PackBuilder()
        .Role("intake", "受理人员")
        .Kind("report", "举报", k => k
            .Field("content", FieldType.Text, required: true)
            .Party("about_unit", PartyType.Unit, recused: true)
            .States("registered", "done!")
            .Action("close", ["registered"], "done", [PackBuilder.RoleSpec("intake")])
            .OpenBy([PackBuilder.RoleSpec("intake")]))
        .Build();

    private static MatterSnapshot AboutDept() => Election.Replay(null, MatterEngine.Open(ReportPack, "report", Election.MatterId, "JB-1",
        new OpenInput(new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["content"] = "某科室吃拿卡要" },
            new Dictionary<string, IReadOnlyList<Guid>> { ["about_unit"] = [Dept] }, Election.County),
        Election.Intake, Election.OpenedOn, Election.Cal, Election.UnitByCode, Election.Lookups));

    private static ActingAs WorksIn(params Guid[] path) => ActingAs.Person(Guid.NewGuid(), "干部", "intake") with { HomeUnits = [Election.County, .. path] };

    [Fact]
    public void PeopleOfTheReportedUnit_AndOfUnitsUnderIt_NeitherSeeNorAct()
    {
        var m = AboutDept();
        Assert.False(MatterEngine.CanSee(m, ReportPack, WorksIn(Dept)));
        Assert.False(MatterEngine.CanSee(m, ReportPack, WorksIn(Dept, Section)));
        Assert.Empty(MatterEngine.Available(ReportPack, m, WorksIn(Dept)));
        Election.AssertBroken(MatterRuleCodes.Recused, () => MatterEngine.Act(ReportPack, m, "close", new ActInput(), WorksIn(Dept, Section), Election.OpenedOn, Election.Cal));
    }

    [Fact]
    public void PeopleAboveOrBeside_SeeAndAct()
    {
        var m = AboutDept();
        Assert.True(MatterEngine.CanSee(m, ReportPack, WorksIn()));        // the county itself, above the department
        Assert.True(MatterEngine.CanSee(m, ReportPack, WorksIn(Other)));   // another department
        Assert.Contains(MatterEngine.Available(ReportPack, m, WorksIn(Other)), a => a.Code == "close");
    }
}
