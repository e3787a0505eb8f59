using System.Text.Json.Nodes;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Matters;
using static Changxiao.Kernel.Tests.Matters.Election;

namespace Changxiao.Kernel.Tests.Matters;

public class MatterProjectionTests
{
    private static readonly Guid Other = Guid.Parse("0197b000-0000-7000-8000-0000000000f9");
    private static readonly DateOnly Day = D("2025-10-01");
    private static readonly Dictionary<string, JsonNode?> NoFields = new();
    private static readonly Dictionary<string, IReadOnlyList<Guid>> NoParties = new();

    /// <summary>Every fact type and its stable journal name: changing one breaks the hash chain's meaning.</summary>
    public static TheoryData<IFact, string> FactTypes() => new()
    {
        { new MatterOpened(MatterId, "p", 1, "k", "n", "s", County, CountyPath, Day, NoFields, NoParties, NoFields), "matter.opened" },
        { new MatterActed(MatterId, "a", "s", "t", NoFields, NoParties, [], null, NoFields), "matter.acted" },
        { new MatterClockStarted(MatterId, "c", Day, "15 days", Day), "matter.clock-started" },
        { new MatterClockStopped(MatterId, "c", Day, Day, false), "matter.clock-stopped" },
        { new MatterClockPaused(MatterId, "c", Day, "r"), "matter.clock-paused" },
        { new MatterClockResumed(MatterId, "c", Day), "matter.clock-resumed" },
        { new ClockStepReached(MatterId, "c", 0, "yellow", Day, Day), "matter.clock-step" },
        { new NotificationRequested(MatterId, "c", 0, "yellow", [], [], false), "matter.notification" },
        { new LinkedMatterRequested(MatterId, "talk", null, new Dictionary<string, JsonNode?>(), MatterRelations.LedTo, "x"), "matter.linked-requested" },
        { new BulletinListed(MatterId, "c", 0, null, Day), "matter.bulletin" },
        { new LinkedSuspended(MatterId, "l", []), "matter.linked-suspended" },
        { new LinkedResumed(MatterId, "l", []), "matter.linked-resumed" },
        { new MatterPublished(MatterId, "typical-cases"), "matter.published" },
        { new EventEmitted(MatterId, "e", "k", "a", "s", NoFields, NoParties), "matter.event" },
        { new MatterLinked(MatterId, "r", Other, "k"), "matter.linked" },
        { new MatterUnlinked(MatterId, "r", Other), "matter.unlinked" },
        { new MatterSuspended(MatterId, "r", null), "matter.suspended" },
        { new MatterResumed(MatterId, null), "matter.resumed" },
    };

    [Theory]
    [MemberData(nameof(FactTypes))]
    public void Fact_TypeAndEntity_AreStable(IFact fact, string type)
    {
        Assert.Equal(type, fact.Type);
        Assert.Equal("matter", fact.EntityType);
        Assert.Equal(MatterId, fact.EntityId);
    }

    [Fact]
    public void SerializeFact_ClockStarted_IsSmallCamelCaseJson() =>
        Assert.Equal(
            "{\"clock\":\"verification\",\"date\":\"2025-09-26\",\"due\":\"2025-10-11\",\"id\":\"0197b000-0000-7000-8000-000000000001\",\"limit\":\"15 days\"}",
            CanonicalJson.SerializeFact(new MatterClockStarted(MatterId, "verification", OpenedOn, "15 days", D("2025-10-11"))));

    [Fact]
    public void Apply_FactBeforeOpened_Throws() =>
        Assert.Throws<ArgumentException>(() => MatterProjection.Apply(null, new MatterPublished(MatterId, "x")));

    [Fact]
    public void Apply_OpenedTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => MatterProjection.Apply(Registered(), OpenFacts()[0]));

    [Fact]
    public void Apply_FactOfAnotherMatter_Throws() =>
        Assert.Throws<ArgumentException>(() => MatterProjection.Apply(Registered(), new MatterPublished(Other, "x")));

    [Fact]
    public void Apply_NonMatterFact_Throws() =>
        Assert.Throws<ArgumentException>(() => MatterProjection.Apply(Registered(), new Changxiao.Kernel.Org.UnitCreated(MatterId, "c", "n", "k", null)));

    [Fact]
    public void Apply_RequestFacts_LeaveTheSnapshotAsItIs()
    {
        var matter = Registered();

        Assert.Same(matter, MatterProjection.Apply(matter, new MatterPublished(MatterId, "typical-cases")));
        Assert.Same(matter, MatterProjection.Apply(matter, new NotificationRequested(MatterId, "verification", 0, "yellow", [HandlerId], [], false)));
    }

    [Fact]
    public void Apply_DoesNotChangeTheSnapshotGiven()
    {
        var registered = Registered();

        var assigned = Act(registered, "assign", Supervisor, OpenedOn, new ActInput(Parties: new Dictionary<string, IReadOnlyList<Guid>>
        {
            ["handler"] = [HandlerId],
            ["in_charge"] = [InChargeId],
        })).Matter;

        Assert.Equal("registered", registered.State);
        Assert.Empty(registered.PartyOf("handler"));
        Assert.Equal("assigned", assigned.State);
    }

    [Fact]
    public void Apply_StepReached_RecordsStepsDoneAndLevel()
    {
        var matter = MatterProjection.Apply(Registered(), new ClockStepReached(MatterId, "verification", 0, "yellow", D("2025-10-08"), D("2025-10-11")));

        Assert.Equal((1, "yellow"), (matter.ClockOf("verification")!.StepsDone, matter.ClockOf("verification")!.Level));
    }

    [Fact]
    public void Apply_ClockFactForUnknownClock_Throws() =>
        Assert.Throws<ArgumentException>(() => MatterProjection.Apply(Registered(), new MatterClockStopped(MatterId, "no-such", OpenedOn, OpenedOn, false)));

    [Fact]
    public void Apply_LinkedTwice_KeepsOneLink()
    {
        var fact = new MatterLinked(MatterId, MatterRelations.LedTo, Other, "talk");

        var matter = Replay(Registered(), [fact, fact]);

        Assert.Equal(new MatterLink(MatterRelations.LedTo, Other, "talk"), Assert.Single(matter.Links));
    }
}

public class MatterNumberTests
{
    [Theory]
    [InlineData("XF-{yyyy}-{seq:5}", 2025, 42, "XF-2025-00042")]
    [InlineData("XF-{yyyy}-{seq:5}", 2025, 123456, "XF-2025-123456")]
    [InlineData("{yy}{seq:3}号", 2026, 7, "26007号")]
    [InlineData("信{yyyy}第{seq}号", 2025, 12, "信2025第12号")]
    public void Format_KnownPlaceholders_Formats(string format, int year, long seq, string expected) =>
        Assert.Equal(expected, MatterNumber.Format(format, year, seq));

    [Theory]
    [InlineData("XF-{year}-{seq}", "{year}")]
    [InlineData("XF-{seq:0}", "{seq:0}")]
    [InlineData("XF-{seq:13}", "{seq:13}")]
    [InlineData("XF-{seq", "没有闭合")]
    [InlineData("XF-seq}", "没有对应")]
    public void Format_BadPlaceholder_ThrowsNamingIt(string format, string named) =>
        Assert.Contains(named, Assert.Throws<FormatException>(() => MatterNumber.Format(format, 2025, 1)).Message);

    [Fact]
    public void DefaultFor_KindWithoutFormat_NumbersAfterItsPackAndKind()
    {
        var format = MatterNumber.DefaultFor("election-discipline", "talk");
        Assert.True(MatterNumber.IsValid(format, out _));
        Assert.Equal("ELECTION-DISCIPLINE-TALK-2025-000001", MatterNumber.Format(format, 2025, 1));
    }

    [Fact]
    public void DefaultFor_TwoKindsWithoutFormat_NeverNumberAlike()
    {
        // Each kind counts from 1 (the store keeps the sequence per kind): their first numbers must differ.
        var a = MatterNumber.Format(MatterNumber.DefaultFor("tp", "talk"), 2025, 1);
        var b = MatterNumber.Format(MatterNumber.DefaultFor("election-discipline", "talk"), 2025, 1);
        var c = MatterNumber.Format(MatterNumber.DefaultFor("tp", "letter"), 2025, 1);
        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
    }

    [Fact]
    public void IsValid_NoSequence_IsFalse()
    {
        Assert.False(MatterNumber.IsValid("XF-{yyyy}", out var error));
        Assert.Contains("{seq}", error);
        Assert.True(MatterNumber.IsValid("XF-{yyyy}-{seq:5}", out _));
    }
}
