using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Packs;
using Changxiao.Packs.Mechanisms;

namespace Changxiao.Kernel.Tests.Packs;

/// <summary>The worked example, packs/examples/example (documentation, not loaded by the server): every record the loader builds from it.</summary>
public class ExamplePackTests
{
    private static readonly Lazy<string> Mechanisms = new(() =>
        PackLoader.FindFolder(AppContext.BaseDirectory) ?? throw new InvalidOperationException("No packs/mechanisms folder found."));

    private static readonly Lazy<string> Folder = new(() => Path.Combine(Path.GetDirectoryName(Mechanisms.Value)!, "examples", "example"));

    private static readonly Lazy<Pack> Example = new(() => PackLoader.LoadFolder(Folder.Value));

    private static Pack P => Example.Value;

    private static MatterKind Report => P.Kinds["report"];

    private static string PackYaml => Path.Combine(Folder.Value, "pack.yaml");

    [Fact]
    public void LoadFolder_Example_ReadsPackHeader()
    {
        Assert.Equal("example", P.Id);
        Assert.Equal(1, P.Version);
        Assert.Equal(new Text("换届纪律举报查核（示例）", "Election-discipline reports (example)"), P.Title);
        Assert.Equal("004_d28c692376d5e528.txt L104-L107", P.Source);
        Assert.Equal(64, P.ContentHash.Length);
        Assert.Equal(PackLoader.ComputeContentHash(Folder.Value), P.ContentHash);
        Assert.Equal(new SourceSpan(PackYaml, 5, 1), P.Where);
    }

    [Fact]
    public void LoadFolder_Example_ReadsRolesInBothForms()
    {
        Assert.Equal(["intake", "cadre-supervision", "discipline", "inspection-team"], P.Roles.Keys);
        Assert.Equal(new Text("举报受理人员", "Intake officer"), P.Roles["intake"].Title);
        Assert.Equal(["matter.read", "matter.open"], P.Roles["intake"].Permissions);
        Assert.Equal(new Text("县纪委审理室"), P.Roles["discipline"].Title);
        Assert.Empty(P.Roles["discipline"].Permissions);
    }

    [Fact]
    public void LoadFolder_Example_ReadsLadders()
    {
        var steps = P.Ladders["three-step"].Steps;
        Assert.Equal(4, steps.Count);
        Assert.Equal((-3, false, "yellow"), (steps[0].Offset, steps[0].WorkingDays, steps[0].Level));
        Assert.Equal([new ActorSpec(ActorSpecKind.Party, "handler", steps[0].Notify[0].Where)], steps[0].Notify);
        Assert.Equal((-2, true, (string?)null), (steps[1].Offset, steps[1].WorkingDays, steps[1].Level));
        Assert.Equal("role:cadre-supervision", steps[1].Notify[0].ToString());
        Assert.Equal((0, "red"), (steps[2].Offset, steps[2].Level));
        Assert.Equal(["party:handler", "party:in_charge"], steps[2].Notify.Select(n => n.ToString()));
        Assert.Equal((5, true), (steps[3].Offset, steps[3].Bulletin));
        Assert.Equal("talk", steps[3].Open!.Kind);
        Assert.Equal("in_charge", steps[3].Open!.About);
        Assert.Equal("压案不查", steps[3].Open!.Fields["reason"]);
        Assert.False(steps[0].Bulletin);

        var monthly = P.Ladders["monthly"].Steps;
        Assert.Equal([(-3, false), (1, false)], monthly.Select(s => (s.Offset, s.WorkingDays)));
    }

    [Fact]
    public void LoadFolder_Example_ReadsKindsFromPackAndKindsFolder()
    {
        Assert.Equal(["report", "inspection", "talk"], P.Kinds.Keys);
        Assert.EndsWith(Path.Combine("kinds", "talk.yaml"), P.Kinds["talk"].Where.File, StringComparison.Ordinal);
        Assert.Equal("HJ-{yyyy}-{seq:5}", Report.NumberFormat);
        Assert.Null(P.Kinds["talk"].NumberFormat);
        Assert.Equal(new Text("换届纪律举报", "Election-discipline report"), Report.Title);
        Assert.Equal("registered", Report.InitialState);
    }

    [Fact]
    public void LoadFolder_Example_ReadsEveryFieldType()
    {
        var f = Report.Fields;
        Assert.Equal(
            [FieldType.Choice, FieldType.Choice, FieldType.Text, FieldType.Text, FieldType.Text, FieldType.Unit, FieldType.Date,
             FieldType.Money, FieldType.Number, FieldType.Bool, FieldType.Matter, FieldType.List, FieldType.Choice, FieldType.Text,
             FieldType.Attachment, FieldType.Text],
            f.Values.Select(x => x.Type));
        Assert.Contains(P.Kinds["inspection"].Fields.Values, x => x.Type == FieldType.Person);

        Assert.Equal(["12380", "纪委电话", "组织部电话", "来信", "网络"], f["channel"].Options);
        Assert.True(f["channel"].Required);
        Assert.False(f["outcome"].Required);
        Assert.Equal(5000, f["content"].MaxLength);
        Assert.Null(f["amount"].MaxLength);
        Assert.Equal(["intake"], f["reporter_name"].ConfidentialTo);
        Assert.Equal(["intake"], f["reporter_phone"].ConfidentialTo);
        Assert.Empty(f["content"].ConfidentialTo);
        Assert.True(f["category"].Public);
        Assert.False(f["content"].Public);
        Assert.Equal("inspection", f["inspection"].MatterKind);
        Assert.Equal(FieldType.Attachment, f["evidence"].ItemType);
        Assert.Null(f["content"].ItemType);
        Assert.Equal(new Text("举报渠道"), f["channel"].Title);
        Assert.Equal(PackYaml, f["channel"].Where.File);
    }

    [Fact]
    public void LoadFolder_Example_ReadsParties()
    {
        var p = Report.Parties;
        Assert.Equal(["reporter", "subject", "handler", "in_charge", "unit"], p.Keys);
        Assert.Equal(PartyType.Citizen, p["reporter"].Type);
        Assert.Equal((PartyType.Person, true, true), (p["subject"].Type, p["subject"].Recused, p["subject"].Many));
        Assert.Equal((PartyType.Person, false, false, "承办人"), (p["handler"].Type, p["handler"].Recused, p["handler"].Many, p["handler"].Title.Zh));
        Assert.Equal(PartyType.Unit, p["unit"].Type);
    }

    [Fact]
    public void LoadFolder_Example_ReadsStates()
    {
        Assert.Equal(["registered", "assigned", "verifying", "waiting", "concluded", "sanctioned", "closed", "withdrawn"], Report.States.Keys);
        Assert.Equal(["closed", "withdrawn"], Report.States.Values.Where(s => s.Final).Select(s => s.Code));
        Assert.Equal("已登记（立项督查）", Report.States["registered"].Title.Zh);
    }

    [Fact]
    public void LoadFolder_Example_ReadsActions()
    {
        var a = Report.Actions;
        Assert.Equal(["registered"], a["assign"].From);
        Assert.Equal("assigned", a["assign"].To);
        Assert.Equal(["handler", "in_charge", "unit"], a["assign"].Sets);
        Assert.Equal(["handler", "in_charge"], a["assign"].Requires);
        Assert.Equal(["party:handler"], a["start"].By.Select(b => b.ToString()));
        Assert.Equal(["party:handler", "citizen"], a["material-received"].By.Select(b => b.ToString()));
        Assert.Equal(["party:handler", "party:in_charge"], a["conclude"].Signoff.Select(s => s.ToString()));
        Assert.Empty(a["assign"].Signoff);
        Assert.Equal(new Text("处理决定将作为典型案例通报并公开，确定吗？", "The decision will be published as a typical case. Continue?"), a["sanction"].Confirm);
        Assert.Equal(new Text("撤回后不能恢复，确定撤回吗？"), a["withdraw"].Confirm);
        Assert.Null(a["assign"].Confirm);
        Assert.Equal("outcome != 不属实", Conditions.Format(a["sanction"].When!));
        Assert.Equal(["state", "outcome"], a["close"].When!.Names);
        Assert.Null(a["assign"].When);
        Assert.Equal(["concluded", "sanctioned"], a["close"].From);
    }

    [Fact]
    public void LoadFolder_Example_ReadsEveryEffectKind()
    {
        var start = Assert.Single(Report.Actions["start"].Effects);
        Assert.Equal((EffectKind.SuspendLinked, "inspection"), (start.Kind, start.Link));

        var conclude = Report.Actions["conclude"].Effects;
        Assert.Equal((EffectKind.ResumeLinked, "inspection"), (conclude[0].Kind, conclude[0].Link));
        Assert.Equal((EffectKind.Emit, "report-concluded"), (conclude[1].Kind, conclude[1].Event));

        var sanction = Report.Actions["sanction"].Effects;
        Assert.Equal((EffectKind.Publish, "typical-cases"), (sanction[0].Kind, sanction[0].Event));
        Assert.Equal(EffectKind.Open, sanction[1].Kind);
        Assert.Equal(("talk", "subject"), (sanction[1].Open!.Kind, sanction[1].Open!.About));
        Assert.Equal("诫勉谈话", sanction[1].Open!.Fields["reason"]);
        Assert.Equal((EffectKind.Emit, "integrity-record"), (sanction[2].Kind, sanction[2].Event));
    }

    [Fact]
    public void LoadFolder_Example_ReadsClocks()
    {
        var v = Report.Clocks["verification"];
        Assert.Equal(["registered"], v.StartOn);
        Assert.Equal(["concluded", "withdrawn"], v.StopOn);
        Assert.Equal(["waiting"], v.PauseOn);
        Assert.Equal(["action:material-received"], v.ResumeOn);
        Assert.Equal(TimeLimit.Days(15), v.Limit);
        Assert.Null(v.Due);
        Assert.Equal("three-step", v.Ladder);
        Assert.Null(v.When);
        Assert.False(v.Periodic);

        var b = Report.Clocks["before-inspection-ends"];
        Assert.Null(b.Limit);
        Assert.Equal(("inspection", "period"), (b.Due!.FieldOrLink, b.Due.Clock));
        Assert.Equal(["about_candidate", "inspection"], b.When!.Names);

        var period = P.Kinds["inspection"].Clocks["period"];
        Assert.Equal(("ends_on", (string?)null), (period.Due!.FieldOrLink, period.Due.Clock));

        var followUp = P.Kinds["talk"].Clocks["follow-up"];
        Assert.True(followUp.Periodic);
        Assert.Equal(TimeLimit.Months(1), followUp.Limit);
        Assert.Equal(["held", "action:report-progress"], followUp.StartOn);
        Assert.Equal("monthly", followUp.Ladder);
    }

    [Fact]
    public void LoadFolder_Example_ReadsRoutingOpenAndPublish()
    {
        Assert.Equal(["county-jw", "county-zzb", "county-zzb"], Report.Routing.Select(r => r.UnitCode));
        Assert.Equal("category in [跑官要官, 违规用人]", Conditions.Format(Report.Routing[1].When));
        Assert.True(Report.Routing[2].When.Holds(_ => "registered"));

        Assert.Equal(["role:intake"], Report.Open.By.Select(b => b.ToString()));
        Assert.True(Report.Open.Citizens);
        Assert.True(Report.Open.Anonymous);
        var inspectionOpen = P.Kinds["inspection"].Open;
        Assert.Equal(["role:inspection-team", "role:officer"], inspectionOpen.By.Select(b => b.ToString()));
        Assert.False(inspectionOpen.Citizens);

        var pub = Assert.Single(P.Publications);
        Assert.Equal(("typical-cases", "report"), (pub.Code, pub.Kind));
        Assert.Equal(new Text("典型案例通报", "Typical cases"), pub.Title);
        Assert.Equal("state == sanctioned", Conditions.Format(pub.When!));
        Assert.Equal(["category", "decision"], pub.Show);
    }

    [Fact]
    public void LoadFolder_ExampleBrokenAsPacksReadmeSays_GivesTheThreeDocumentedMessages()
    {
        var dir = Directory.CreateTempSubdirectory("changxiao-example-").FullName;
        try
        {
            var copy = Path.Combine(dir, "example");
            Directory.CreateDirectory(Path.Combine(copy, "kinds"));
            File.Copy(Path.Combine(Folder.Value, "kinds", "talk.yaml"), Path.Combine(copy, "kinds", "talk.yaml"));
            var text = File.ReadAllText(PackYaml)
                .Replace("        to: assigned\n", "        to: asigned\n", StringComparison.Ordinal)
                .Replace("when: outcome != 不属实 ", "when: outcome != 不属 ", StringComparison.Ordinal)
                .Replace("limit: 15 days ", "limit: 15 dayz ", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(copy, "pack.yaml"), text);

            var ex = Assert.Throws<PackValidationException>(() => PackLoader.LoadFolder(copy));

            var readme = File.ReadAllText(Path.Combine(Folder.Value, "..", "..", "README.md"));
            var documented = readme.Split('\n').Where(l => l.StartsWith("packs/examples/example/pack.yaml:", StringComparison.Ordinal)).ToList();
            var prefix = Path.Combine(copy, "pack.yaml");
            Assert.Equal(documented, ex.Errors.Select(e => "packs/examples/example/pack.yaml" + e.ToString()[prefix.Length..]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void LoadAll_ShippedMechanismsFolder_LoadsEveryPack()
    {
        var packs = PackLoader.LoadAll(Mechanisms.Value);

        Assert.Contains(packs, p => p.Id == "election-discipline");
        Assert.DoesNotContain(packs, p => p.Id == "example");
    }
}
