using Changxiao.Kernel.Org;
using static Changxiao.Kernel.Tests.Org.OrgBuilders;

namespace Changxiao.Kernel.Tests.Org;

public class OrgDecisionsTests
{
    private static readonly Guid NewId = Guid.Parse("0197a000-0000-7000-8000-0000000000aa");

    // County → township → village; a sibling township; another county in the same database.
    private static readonly UnitView County = View("qx", kind: "county");
    private static readonly UnitView Township = View("qx-dt", County);
    private static readonly UnitView Village = View("qx-dt-xc", Township, "village");
    private static readonly UnitView Sibling = View("qx-xt", County);
    private static readonly UnitView OtherCounty = View("ly", kind: "county");

    private static UnitInput Moving(UnitView unit, UnitView? to) => Unit(unit.Code, unit.Name, unit.Kind, to?.Id);

    // ---- CreateUnit ----

    [Fact]
    public void CreateUnit_ValidInput_ReturnsTrimmedFactUnderParent()
    {
        var fact = OrgDecisions.CreateUnit(NewId, Unit(" qx-dt ", " 东塘镇 ", " township ", County.Id), Kinds, County, CodeUse.Free);

        Assert.Equal(new UnitCreated(NewId, "qx-dt", "东塘镇", "township", County.Id), fact);
        Assert.Equal("unit.created", fact.Type);
        Assert.Equal(NewId, fact.EntityId);
    }

    [Fact]
    public void CreateUnit_NoParent_CreatesRoot()
    {
        var fact = OrgDecisions.CreateUnit(NewId, Unit(), Kinds, parent: null, CodeUse.Free);

        Assert.Null(fact.ParentId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void CreateUnit_MissingCodeNameAndKind_ListsAllThreeFieldsAtOnce(string? blank) =>
        AssertFieldErrors(() => OrgDecisions.CreateUnit(NewId, Unit(blank, blank, blank), Kinds, null, CodeUse.Free), "code", "name", "kind");

    [Theory]
    [InlineData("-qx")]
    [InlineData(".qx")]
    [InlineData("_qx")]
    [InlineData("q x")]
    [InlineData("qx/dt")]
    [InlineData("青溪")]
    [InlineData("qx@dt")]
    public void CreateUnit_BadCodeCharacters_RefusesCode(string code) =>
        AssertFieldErrors(() => OrgDecisions.CreateUnit(NewId, Unit(code: code), Kinds, null, CodeUse.Free), "code");

    [Theory]
    [InlineData("a")]
    [InlineData("QX-dt_01.a")]
    [InlineData("0577")]
    public void CreateUnit_GoodCodeCharacters_Accepted(string code) =>
        Assert.Equal(code, OrgDecisions.CreateUnit(NewId, Unit(code: code), Kinds, null, CodeUse.Free).Code);

    [Fact]
    public void CreateUnit_CodeLongerThan64_RefusesCode()
    {
        Assert.Equal(new string('a', 64), OrgDecisions.CreateUnit(NewId, Unit(code: new string('a', 64)), Kinds, null, CodeUse.Free).Code);
        AssertFieldErrors(() => OrgDecisions.CreateUnit(NewId, Unit(code: new string('a', 65)), Kinds, null, CodeUse.Free), "code");
    }

    [Fact]
    public void CreateUnit_NameLongerThan100_RefusesName() =>
        AssertFieldErrors(() => OrgDecisions.CreateUnit(NewId, Unit(name: new string('县', 101)), Kinds, null, CodeUse.Free), "name");

    [Fact]
    public void CreateUnit_UnknownKind_RefusesKind() =>
        AssertFieldErrors(() => OrgDecisions.CreateUnit(NewId, Unit(kind: "planet"), Kinds, null, CodeUse.Free), "kind");

    [Theory]
    [InlineData("县（市、区）", "county")]
    [InlineData("法院", "court")]
    [InlineData(" 行政村 ", "village")]
    [InlineData("Township", "township")]
    [InlineData("COURT", "court")]
    public void CreateUnit_KindByTitleOrAnyCase_RecordsNormalisedCode(string given, string expected) =>
        Assert.Equal(expected, OrgDecisions.CreateUnit(NewId, Unit(kind: given), Kinds, null, CodeUse.Free).Kind);

    [Fact]
    public void CreateUnit_CodeTaken_BreaksCodeTaken() =>
        AssertBroken("unit.code-taken", () => OrgDecisions.CreateUnit(NewId, Unit(), Kinds, null, CodeUse.Taken));

    [Fact]
    public void CreateUnit_CodeTakenAndFieldErrors_ReportsFieldErrorsFirst() =>
        AssertFieldErrors(() => OrgDecisions.CreateUnit(NewId, Unit(name: ""), Kinds, null, CodeUse.Taken), "name");

    // ---- UpdateUnit ----

    [Fact]
    public void UpdateUnit_RenameInPlace_ReturnsFactForCurrentUnit()
    {
        var fact = OrgDecisions.UpdateUnit(Township, Unit(" qx-dt2 ", " 东塘街道 ", "乡镇（街道）", County.Id), Kinds, County, CodeUse.Free);

        Assert.Equal(new UnitUpdated(Township.Id, "qx-dt2", "东塘街道", "township", County.Id), fact);
        Assert.Equal("unit.updated", fact.Type);
    }

    [Fact]
    public void UpdateUnit_MoveUnderSibling_Allowed() =>
        Assert.Equal(Sibling.Id, OrgDecisions.UpdateUnit(Village, Moving(Village, Sibling), Kinds, Sibling, CodeUse.Free).ParentId);

    [Fact]
    public void UpdateUnit_MoveToAnotherCounty_Allowed() =>
        Assert.Equal(OtherCounty.Id, OrgDecisions.UpdateUnit(Township, Moving(Township, OtherCounty), Kinds, OtherCounty, CodeUse.Free).ParentId);

    [Fact]
    public void UpdateUnit_RootStaysRoot_Allowed() =>
        Assert.Null(OrgDecisions.UpdateUnit(County, Moving(County, null), Kinds, null, CodeUse.Free).ParentId);

    [Fact]
    public void UpdateUnit_MoveUnderItself_BreaksParentCycle() =>
        AssertBroken("unit.parent-cycle", () => OrgDecisions.UpdateUnit(Township, Moving(Township, Township), Kinds, Township, CodeUse.Free));

    [Fact]
    public void UpdateUnit_MoveUnderChild_BreaksParentCycle() =>
        AssertBroken("unit.parent-cycle", () => OrgDecisions.UpdateUnit(Township, Moving(Township, Village), Kinds, Village, CodeUse.Free));

    [Fact]
    public void UpdateUnit_MoveUnderGrandchild_BreaksParentCycle()
    {
        var group = View("qx-dt-xc-1", Village, "village");

        AssertBroken("unit.parent-cycle", () => OrgDecisions.UpdateUnit(Township, Moving(Township, group), Kinds, group, CodeUse.Free));
    }

    [Fact]
    public void UpdateUnit_RootUnderItsOwnDescendant_BreaksParentCycle() =>
        AssertBroken("unit.parent-cycle", () => OrgDecisions.UpdateUnit(County, Moving(County, Village), Kinds, Village, CodeUse.Free));

    [Fact]
    public void UpdateUnit_RootUnderAnotherUnit_BreaksRootFixed() =>
        AssertBroken("unit.root-fixed", () => OrgDecisions.UpdateUnit(County, Moving(County, OtherCounty), Kinds, OtherCounty, CodeUse.Free));

    [Fact]
    public void UpdateUnit_ChildMadeRoot_BreaksRootFixed() =>
        AssertBroken("unit.root-fixed", () => OrgDecisions.UpdateUnit(Township, Moving(Township, null), Kinds, null, CodeUse.Free));

    [Fact]
    public void UpdateUnit_CodeTaken_BreaksCodeTaken() =>
        AssertBroken("unit.code-taken", () => OrgDecisions.UpdateUnit(Township, Moving(Township, County), Kinds, County, CodeUse.Taken));

    [Fact]
    public void UpdateUnit_MissingFields_ListsAllAtOnce() =>
        AssertFieldErrors(() => OrgDecisions.UpdateUnit(Township, Unit("", "", ""), Kinds, County, CodeUse.Free), "code", "name", "kind");

    // ---- CreatePerson / UpdatePerson ----

    [Fact]
    public void CreatePerson_ValidInput_ReturnsTrimmedFact()
    {
        var fact = OrgDecisions.CreatePerson(NewId, Person(" P001 ", " 张三 ", phone: " 13800138000 ", email: " zhangsan@qx.gov.cn "), CodeUse.Free);

        Assert.Equal(new PersonCreated(NewId, "P001", "张三", UnitId, "13800138000", "zhangsan@qx.gov.cn"), fact);
    }

    [Theory]
    [InlineData("13800138000")]
    [InlineData("0577-88888888")]
    [InlineData("057788888888")]
    [InlineData("010-12345678")]
    [InlineData("0571-1234567")]
    public void CreatePerson_MobileOrLandline_Accepted(string phone) =>
        Assert.Equal(phone, OrgDecisions.CreatePerson(NewId, Person(phone: phone), CodeUse.Free).Phone);

    [Theory]
    [InlineData("12345")]
    [InlineData("1380013800")]
    [InlineData("138001380001")]
    [InlineData("23800138000")]
    [InlineData("0577_88888888")]
    [InlineData("0577-888888")]
    [InlineData("tel 13800138000")]
    public void CreatePerson_BadPhone_RefusesPhone(string phone) =>
        AssertFieldErrors(() => OrgDecisions.CreatePerson(NewId, Person(phone: phone), CodeUse.Free), "phone");

    [Theory]
    [InlineData("a@b.cn")]
    [InlineData("zhang.san+qx@court.qx.gov.cn")]
    public void CreatePerson_GoodEmail_Accepted(string email) =>
        Assert.Equal(email, OrgDecisions.CreatePerson(NewId, Person(email: email), CodeUse.Free).Email);

    [Theory]
    [InlineData("a@b")]
    [InlineData("ab.cn")]
    [InlineData("a b@c.cn")]
    [InlineData("a@@b.cn")]
    [InlineData("@b.cn")]
    public void CreatePerson_BadEmail_RefusesEmail(string email) =>
        AssertFieldErrors(() => OrgDecisions.CreatePerson(NewId, Person(email: email), CodeUse.Free), "email");

    [Fact]
    public void CreatePerson_BadPhoneAndEmail_ListsBoth() =>
        AssertFieldErrors(() => OrgDecisions.CreatePerson(NewId, Person(phone: "x", email: "y"), CodeUse.Free), "phone", "email");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void CreatePerson_BlankOptionalFields_RecordedAsNull(string? blank)
    {
        var fact = OrgDecisions.CreatePerson(NewId, Person(phone: blank, email: blank), CodeUse.Free);

        Assert.Null(fact.Phone);
        Assert.Null(fact.Email);
    }

    [Fact]
    public void CreatePerson_MissingCodeNameAndUnit_ListsAllThree() =>
        AssertFieldErrors(() => OrgDecisions.CreatePerson(NewId, Person(" ", null, noUnit: true), CodeUse.Free), "code", "name", "unitId");

    [Fact]
    public void CreatePerson_BadCode_RefusesCode() =>
        AssertFieldErrors(() => OrgDecisions.CreatePerson(NewId, Person(code: "张三"), CodeUse.Free), "code");

    [Fact]
    public void CreatePerson_CodeTaken_BreaksCodeTaken() =>
        AssertBroken("person.code-taken", () => OrgDecisions.CreatePerson(NewId, Person(), CodeUse.Taken));

    [Fact]
    public void UpdatePerson_ValidInput_KeepsIdAndTrims()
    {
        var current = PersonView();
        var otherUnit = Guid.NewGuid();

        var fact = OrgDecisions.UpdatePerson(current, Person(" P002 ", " 李四 ", otherUnit, "0577-88888888", "  "), CodeUse.Free);

        Assert.Equal(new PersonUpdated(current.Id, "P002", "李四", otherUnit, "0577-88888888", null), fact);
        Assert.Equal("person.updated", fact.Type);
    }

    [Fact]
    public void UpdatePerson_BadPhone_RefusesPhone() =>
        AssertFieldErrors(() => OrgDecisions.UpdatePerson(PersonView(), Person(phone: "88888888"), CodeUse.Free), "phone");

    [Fact]
    public void UpdatePerson_CodeTaken_BreaksCodeTaken() =>
        AssertBroken("person.code-taken", () => OrgDecisions.UpdatePerson(PersonView(), Person(), CodeUse.Taken));

    // ---- a code held out of the actor's sight ----

    [Fact]
    public void CodeHeldOutOfSight_AnyCommand_BreaksUnavailableAndSaysNothingOfTheHolder()
    {
        Action[] commands =
        [
            () => OrgDecisions.CreateUnit(NewId, Unit(), Kinds, null, CodeUse.Unavailable),
            () => OrgDecisions.UpdateUnit(Township, Moving(Township, County), Kinds, County, CodeUse.Unavailable),
            () => OrgDecisions.CreatePerson(NewId, Person(), CodeUse.Unavailable),
            () => OrgDecisions.UpdatePerson(PersonView(), Person(), CodeUse.Unavailable),
        ];
        foreach (var command in commands)
        {
            var e = Assert.Throws<Changxiao.Kernel.Rules.BusinessRuleException>(command);
            Assert.Equal("org.code-unavailable", e.Code);
            Assert.DoesNotContain("已被使用", e.Message);
        }
    }

    // ---- CreatePost / UpdatePost ----

    [Theory]
    [InlineData("top", "top")]
    [InlineData("TOP", "top")]
    [InlineData("一把手", "top")]
    [InlineData("principal", "principal")]
    [InlineData("正职", "principal")]
    [InlineData("deputy", "deputy")]
    [InlineData(" 副职 ", "deputy")]
    [InlineData("staff", "staff")]
    [InlineData("一般", "staff")]
    public void CreatePost_RankByCodeOrChineseTitle_RecordsRankCode(string rank, string expected)
    {
        var holder = Guid.NewGuid();

        var fact = OrgDecisions.CreatePost(NewId, Post(" 局长 ", rank, holderId: holder));

        Assert.Equal(new PostCreated(NewId, UnitId, "局长", expected, holder), fact);
    }

    [Theory]
    [InlineData("boss")]
    [InlineData("副")]
    [InlineData("一把")]
    public void CreatePost_UnknownRank_RefusesRank(string rank) =>
        AssertFieldErrors(() => OrgDecisions.CreatePost(NewId, Post(rank: rank)), "rank");

    [Fact]
    public void CreatePost_MissingTitleRankAndUnit_ListsAllThree() =>
        AssertFieldErrors(() => OrgDecisions.CreatePost(NewId, Post("", " ", noUnit: true)), "title", "rank", "unitId");

    [Fact]
    public void CreatePost_NoHolder_Vacant() =>
        Assert.Null(OrgDecisions.CreatePost(NewId, Post()).HolderId);

    [Theory]
    [InlineData("副职", "deputy")]
    [InlineData("Staff", "staff")]
    public void UpdatePost_RankByCodeOrChineseTitle_KeepsIdAndRecordsRankCode(string rank, string expected)
    {
        var fact = OrgDecisions.UpdatePost(NewId, Post("副局长", rank));

        Assert.Equal(new PostUpdated(NewId, UnitId, "副局长", expected, null), fact);
        Assert.Equal("post.updated", fact.Type);
    }

    [Fact]
    public void UpdatePost_UnknownRank_RefusesRank() =>
        AssertFieldErrors(() => OrgDecisions.UpdatePost(NewId, Post(rank: "chief")), "rank");
}
