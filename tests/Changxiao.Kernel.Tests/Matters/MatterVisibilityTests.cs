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
