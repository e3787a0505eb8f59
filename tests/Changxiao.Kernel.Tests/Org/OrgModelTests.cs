using Changxiao.Kernel.Org;

namespace Changxiao.Kernel.Tests.Org;

public class UnitKindsTests
{
    private static readonly UnitKind County = new("county", "县（市、区）", "County");
    private static readonly UnitKind Court = new("court", "法院", "Court");

    [Theory]
    [InlineData("county")]
    [InlineData("COUNTY")]
    [InlineData("县（市、区）")]
    [InlineData("County")]
    [InlineData("county ")]
    [InlineData(" 县（市、区） ")]
    public void Find_ByCodeOrTitleAnyCase_FindsKind(string name) =>
        Assert.Same(County, new UnitKinds([County, Court]).Find(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("planet")]
    [InlineData("县")]
    public void Find_UnknownOrNull_ReturnsNull(string? name) =>
        Assert.Null(new UnitKinds([County, Court]).Find(name));

    [Theory]
    [InlineData("court")]
    [InlineData("COURT")]
    public void Ctor_DuplicateCode_Rejected(string duplicate) =>
        Assert.Throws<ArgumentException>(() => new UnitKinds([Court, County, new UnitKind(duplicate, "人民法院", "People's court")]));

    [Fact]
    public void Ctor_TitleEqualsAnotherKindsCode_NotADuplicateAndCodeWins()
    {
        // An earlier kind's English title equal to a later kind's code must neither fail as a
        // "duplicate code" nor shadow that code on lookup.
        var section = new UnitKind("section", "股室", "Office");
        var office = new UnitKind("office", "办公室", "General office");

        var kinds = new UnitKinds([section, office]);

        Assert.Same(office, kinds.Find("office"));
        Assert.Same(section, kinds.Find("股室"));
    }

    [Fact]
    public void All_KeepsGivenOrder() =>
        Assert.Equal([Court, County], new UnitKinds([Court, County]).All);
}

public class PostRanksTests
{
    [Theory]
    [InlineData("top", "top")]
    [InlineData("Top", "top")]
    [InlineData(" principal ", "principal")]
    [InlineData("DEPUTY", "deputy")]
    [InlineData("staff", "staff")]
    [InlineData("一把手", "top")]
    [InlineData("正职", "principal")]
    [InlineData("副职", "deputy")]
    [InlineData(" 一般 ", "staff")]
    public void Normalise_CodeOrChineseTitle_ReturnsCode(string rank, string expected) =>
        Assert.Equal(expected, PostRanks.Normalise(rank));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("boss")]
    [InlineData("副")]
    public void Normalise_UnknownOrBlank_ReturnsNull(string? rank) =>
        Assert.Null(PostRanks.Normalise(rank));

    [Fact]
    public void Titles_EveryCodeNormalisesToItselfAndEveryTitleToItsCode()
    {
        foreach (var (code, title) in PostRanks.Titles)
        {
            Assert.Equal(code, PostRanks.Normalise(code));
            Assert.Equal(code, PostRanks.Normalise(title));
        }
    }
}

public class UnitPathTests
{
    private static readonly Guid RootId = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid ChildId = Guid.Parse("22222222-2222-2222-2222-222222222222");
    private static readonly Guid GrandchildId = Guid.Parse("33333333-3333-3333-3333-333333333333");

    // Same first 31 hex digits as ChildId: its path shares a long prefix string with the child's.
    private static readonly Guid LookalikeSiblingId = Guid.Parse("22222222-2222-2222-2222-222222222223");

    private static readonly string Root = UnitPath.Of(null, RootId);
    private static readonly string Child = UnitPath.Of(Root, ChildId);
    private static readonly string Grandchild = UnitPath.Of(Child, GrandchildId);
    private static readonly string LookalikeSibling = UnitPath.Of(Root, LookalikeSiblingId);

    [Fact]
    public void Of_Root_IsSlashIdSlash() =>
        Assert.Equal("/11111111111111111111111111111111/", Root);

    [Fact]
    public void Of_Child_AppendsIdToParentPath() =>
        Assert.Equal("/11111111111111111111111111111111/22222222222222222222222222222222/", Child);

    [Fact]
    public void Depth_RootChildGrandchild_ZeroOneTwo()
    {
        Assert.Equal(0, UnitPath.Depth(Root));
        Assert.Equal(1, UnitPath.Depth(Child));
        Assert.Equal(2, UnitPath.Depth(Grandchild));
    }

    public static TheoryData<string, string, bool> Within => new()
    {
        { "self", "self", true },
        { "child", "root", true },
        { "grandchild", "root", true },
        { "grandchild", "child", true },
        { "root", "child", false },
        { "child", "grandchild", false },
        { "lookalike", "child", false },
        { "child", "lookalike", false },
        { "grandchild", "lookalike", false },
        { "lookalike", "root", true },
    };

    [Theory]
    [MemberData(nameof(Within))]
    public void IsWithin_Relation_Expected(string path, string ancestor, bool expected) =>
        Assert.Equal(expected, UnitPath.IsWithin(Named(path), Named(ancestor)));

    [Fact]
    public void IsWithin_SiblingIdSharesPrefixString_NotWithin()
    {
        Assert.Equal(Child[..^2], LookalikeSibling[..^2]); // only the last hex digit differs
        Assert.False(UnitPath.IsWithin(LookalikeSibling, Child));
        Assert.False(UnitPath.IsWithin("/abc1/", "/abc/"));
    }

    private static string Named(string name) => name switch
    {
        "self" or "child" => Child,
        "root" => Root,
        "grandchild" => Grandchild,
        "lookalike" => LookalikeSibling,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
