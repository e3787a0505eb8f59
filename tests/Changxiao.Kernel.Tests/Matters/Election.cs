using System.Text.Json.Nodes;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Rules;
using static Changxiao.Kernel.Tests.Matters.PackBuilder;

namespace Changxiao.Kernel.Tests.Matters;

/// <summary>
/// An election-discipline pack like PACK-SKETCH.md (004:L104-L107): a report is registered → assigned → verifying →
/// concluded → (sanctioned) → closed; a 15-day verification clock with a three-step ladder (yellow 3 days before due,
/// red at due, a talk about the person in charge 5 days after due); the subject is recused; the conclusion is signed
/// by the handler and the person in charge. Plus the people, units and helpers the matter tests share.
/// </summary>
internal static class Election
{
    public static WorkCalendar Cal => Changxiao.Kernel.Tests.Calendar.Shipped.Cal;

    public static DateOnly D(string iso) => ChinaDate.Parse(iso);

    /// <summary>Friday 2025-09-26: + 15 days = Saturday 2025-10-11, a make-up working day (国庆节调休), so that is the due date.</summary>
    public static readonly DateOnly OpenedOn = D("2025-09-26");

    public static readonly Guid MatterId = Guid.Parse("0197b000-0000-7000-8000-000000000001");
    public static readonly Guid County = Guid.Parse("0197b000-0000-7000-8000-0000000000c1");
    public static readonly Guid OrgDept = Guid.Parse("0197b000-0000-7000-8000-0000000000c2");
    public static readonly string CountyPath = "/" + County.ToString("N") + "/";
    public static readonly string OrgDeptPath = CountyPath + OrgDept.ToString("N") + "/";

    public static readonly Guid IntakeId = Guid.Parse("0197b000-0000-7000-8000-0000000000a1");
    public static readonly Guid SupervisorId = Guid.Parse("0197b000-0000-7000-8000-0000000000a2");
    public static readonly Guid HandlerId = Guid.Parse("0197b000-0000-7000-8000-0000000000a3");
    public static readonly Guid InChargeId = Guid.Parse("0197b000-0000-7000-8000-0000000000a4");
    public static readonly Guid SubjectId = Guid.Parse("0197b000-0000-7000-8000-0000000000a5");
    public static readonly Guid DisciplineId = Guid.Parse("0197b000-0000-7000-8000-0000000000a6");
    public static readonly Guid StrangerId = Guid.Parse("0197b000-0000-7000-8000-0000000000a7");
    public static readonly Guid ReporterId = Guid.Parse("0197b000-0000-7000-8000-0000000000a8");

    public static readonly ActingAs Intake = ActingAs.Person(IntakeId, "受理员", "intake");
    public static readonly ActingAs Supervisor = ActingAs.Person(SupervisorId, "干部监督科长", "cadre-supervision");
    public static readonly ActingAs Handler = ActingAs.Person(HandlerId, "承办人");
    public static readonly ActingAs InCharge = ActingAs.Person(InChargeId, "负责人");
    public static readonly ActingAs Discipline = ActingAs.Person(DisciplineId, "纪律审查员", "discipline");
    public static readonly ActingAs Stranger = ActingAs.Person(StrangerId, "路人", "officer");

    /// <summary>The subject of the report — who also happens to hold every role, to show recusal wins.</summary>
    public static readonly ActingAs Subject = ActingAs.Person(SubjectId, "被举报人", "intake", "cadre-supervision", "discipline");

    public static PackBuilder Builder() => new PackBuilder()
        .Role("intake", "受理人员")
        .Role("cadre-supervision", "干部监督")
        .Role("discipline", "纪律审查")
        .Kind("report", "换届纪律举报", k => k
            .Number("HJ-{yyyy}-{seq:5}")
            .Field("channel", FieldType.Choice, required: true, options: ["12380", "纪委电话", "组织部电话", "来信", "网络"])
            .Field("category", FieldType.Choice, options: ["选人用人", "拉票贿选", "其他"])
            .Field("reporter", FieldType.Person, confidentialTo: ["intake"])
            .Field("content", FieldType.Text, required: true, max: 5000)
            .Field("inspection", FieldType.Matter, matterKind: "candidate-inspection")
            .Field("outcome", FieldType.Choice, options: ["属实", "部分属实", "不属实"])
            .Field("conclusion", FieldType.Text, max: 2000)
            .Field("received", FieldType.Date)
            .Field("amount", FieldType.Money)
            .Field("votes", FieldType.Number)
            .Field("urgent", FieldType.Bool)
            .Field("evidence", FieldType.Attachment)
            .Field("witnesses", FieldType.List, item: FieldType.Person)
            .Field("place", FieldType.Unit)
            .Party("subject", recused: true)
            .Party("handler")
            .Party("in_charge")
            .Party("copied", PartyType.Unit, many: true)
            .States("registered", "assigned", "verifying", "concluded", "sanctioned", "closed!")
            .Action("assign", ["registered"], "assigned", [RoleSpec("cadre-supervision")], sets: ["handler", "in_charge"], requires: ["handler", "in_charge"])
            .Action("verify", ["assigned"], "verifying", [PartySpec("handler")])
            .Action("await-material", ["verifying"], "verifying", [PartySpec("handler")])
            .Action("material-received", ["verifying"], "verifying", [PartySpec("handler")])
            .Action("conclude", ["verifying"], "concluded", [PartySpec("handler")],
                sets: ["outcome", "conclusion"], requires: ["outcome", "conclusion"],
                signoff: [PartySpec("handler"), PartySpec("in_charge")], confirm: "确认办结？")
            .Action("sanction", ["concluded"], "sanctioned", [RoleSpec("discipline")], when: Ne("outcome", "不属实"),
                effects: [Publish("typical-cases"), Emit("report.verified")])
            .Action("close", ["concluded", "sanctioned"], "closed", [PartySpec("in_charge")])
            .Clock("verification", starts: ["registered"], stops: ["concluded"],
                pauses: ["action:await-material"], resumes: ["action:material-received"], limit: "15 days", ladder: "three-step")
            .Route(Eq("category", "选人用人"), "zzb")
            .OpenBy([RoleSpec("intake")], citizens: true, anonymous: true))
        .Kind("talk", "约谈", k => k
            .Party("about")
            .States("planned", "held!")
            .Action("hold", ["planned"], "held", [RoleSpec("discipline")])
            .OpenBy([RoleSpec("discipline")]))
        .Ladder("three-step",
            Step(-3, "yellow", notify: [PartySpec("handler")]),
            Step(0, "red", notify: [PartySpec("handler"), PartySpec("in_charge")]),
            Step(5, null, open: OpenKind("talk", "party:in_charge", ("type", "压案不查"))))
        .Publication("typical-cases", "report", Eq("state", "sanctioned"), "outcome", "conclusion");

    public static readonly Pack ElectionPack = Builder().Build();

    public static (Guid Id, string Path)? UnitByCode(string code) => code switch
    {
        "zzb" => (OrgDept, OrgDeptPath),
        "qx" => (County, CountyPath),
        _ => null,
    };

    public static readonly MatterLookups Lookups = new(UnitPath: id => id == County ? CountyPath : id == OrgDept ? OrgDeptPath : null);

    public static Dictionary<string, JsonNode?> ValidFields() => new()
    {
        ["channel"] = "12380",
        ["content"] = "某候选人请客拉票",
        ["reporter"] = ReporterId.ToString(),
    };

    public static OpenInput Input(Dictionary<string, JsonNode?>? fields = null, Guid? unit = null, Dictionary<string, IReadOnlyList<Guid>>? parties = null) =>
        new(fields ?? ValidFields(), parties ?? new Dictionary<string, IReadOnlyList<Guid>> { ["subject"] = [SubjectId] }, unit ?? County);

    public static IReadOnlyList<IFact> OpenFacts(OpenInput? input = null, ActingAs? actor = null, DateOnly? on = null, Pack? pack = null, MatterLookups? lookups = null) =>
        MatterEngine.Open(pack ?? ElectionPack, "report", MatterId, "HJ-2025-00001", input ?? Input(), actor ?? Intake, on ?? OpenedOn, Cal, UnitByCode, lookups ?? Lookups);

    public static MatterSnapshot Registered(Pack? pack = null) => Replay(null, OpenFacts(pack: pack));

    public static MatterSnapshot Assigned(Pack? pack = null, Guid? inCharge = null) =>
        Act(Registered(pack), "assign", Supervisor, OpenedOn, new ActInput(Parties: new Dictionary<string, IReadOnlyList<Guid>>
        {
            ["handler"] = [HandlerId],
            ["in_charge"] = [inCharge ?? InChargeId],
        }), pack).Matter;

    public static MatterSnapshot Verifying(Pack? pack = null, Guid? inCharge = null) =>
        Act(Assigned(pack, inCharge), "verify", Handler, D("2025-09-29"), pack: pack).Matter;

    public static ActInput Conclusion(string outcome = "属实", params Guid[] signers) => new(
        Fields: new Dictionary<string, JsonNode?> { ["outcome"] = outcome, ["conclusion"] = "经查属实" },
        Signers: signers.Length == 0 ? [HandlerId, InChargeId] : signers,
        Confirmed: true);

    public static MatterSnapshot Concluded(string outcome = "属实", Pack? pack = null) =>
        Act(Verifying(pack), "conclude", Handler, D("2025-10-09"), Conclusion(outcome), pack).Matter;

    /// <summary>Acts and applies the facts.</summary>
    public static (MatterSnapshot Matter, IReadOnlyList<IFact> Facts) Act(
        MatterSnapshot matter, string action, ActingAs actor, DateOnly on, ActInput? input = null, Pack? pack = null)
    {
        var facts = MatterEngine.Act(pack ?? ElectionPack, matter, action, input ?? new ActInput(), actor, on, Cal, Lookups);
        return (Replay(matter, facts), facts);
    }

    public static MatterSnapshot Replay(MatterSnapshot? matter, IEnumerable<IFact> facts) =>
        MatterProjection.ApplyAll(matter, facts) ?? throw new InvalidOperationException("no facts");

    public static void AssertBroken(string code, Action act) =>
        Assert.Equal(code, Assert.Throws<BusinessRuleException>(act).Code);

    /// <summary>Asserts that the input is refused with errors on exactly these fields.</summary>
    public static void AssertFieldErrors(Action act, params string[] fields) =>
        Assert.Equal(fields.Order(StringComparer.Ordinal), Assert.Throws<FieldErrorsException>(act).Errors.Keys.Order(StringComparer.Ordinal));

    public static T Single<T>(IEnumerable<IFact> facts) => Assert.Single(facts.OfType<T>());
}
