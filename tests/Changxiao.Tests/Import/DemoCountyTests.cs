using Changxiao.Import;

namespace Changxiao.Tests.Import;

public class DemoCountyTests
{
    private static readonly HashSet<string> Kinds =
    [
        "county", "township", "bureau", "court", "tribunal", "section", "party-committee", "party-branch",
        "village", "community", "lawyers-association", "law-firm",
    ];

    [Fact]
    public void Generate_SameSeed_SameCounty()
    {
        var a = DemoCounty.Generate(500, seed: 7);
        var b = DemoCounty.Generate(500, seed: 7);

        Assert.Equal(a.Units, b.Units);
        Assert.Equal(a.People, b.People);
        Assert.Equal(a.Posts, b.Posts);
        Assert.NotEqual(a.People, DemoCounty.Generate(500, seed: 8).People);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(200)]
    [InlineData(3000)]
    public void Generate_AnySize_IsAConsistentTree(int people)
    {
        var f = DemoCounty.Generate(people);

        Assert.Equal(people, f.People.Count);
        var units = f.Units.ToDictionary(u => u.Code);
        Assert.Equal(f.Units.Count, units.Count);
        Assert.Single(f.Units, u => u.ParentCode is null);
        Assert.All(f.Units, u =>
        {
            Assert.Contains(u.Kind, Kinds);
            Assert.True(OrgFileReader.IsValidUnitCode(u.Code), u.Code);
            if (u.ParentCode is not null) Assert.True(units[u.ParentCode].Row < u.Row, $"{u.Code} before its parent");
        });
        var personUnit = f.People.ToDictionary(p => p.Code, p => p.UnitCode);
        Assert.All(f.People, p => Assert.Contains(p.UnitCode, units.Keys));
        Assert.All(f.Posts, p =>
        {
            Assert.Contains(p.UnitCode, units.Keys);
            if (p.HolderCode is not null) Assert.Equal(p.UnitCode, personUnit[p.HolderCode]);
        });
        Assert.Equal(f.Units.Count, f.Posts.Count(p => p.Rank == "top"));
        Assert.Equal(f.Posts.Count(p => p.HolderCode is not null), f.Posts.Where(p => p.HolderCode is not null).Select(p => p.HolderCode).Distinct().Count());
        // Rows are numbered as a written file would be.
        Assert.Equal(Enumerable.Range(2, f.Units.Count), f.Units.Select(u => u.Row));
        Assert.Equal(Enumerable.Range(2, f.People.Count), f.People.Select(u => u.Row));
        Assert.Equal(Enumerable.Range(2, f.Posts.Count), f.Posts.Select(u => u.Row));
    }

    [Fact]
    public void Generate_200People_HasTheWholeShapeInAbout40Units()
    {
        var f = DemoCounty.Generate(200);

        Assert.InRange(f.Units.Count, 38, 50);
        Assert.Contains(f.Units, u => u is { Code: "QX", Name: "青溪县", Kind: "county" });
        foreach (var name in new[] { "青溪县人民法院", "县纪委监委", "县效能办", "县自然资源局", "县财政局", "县市场监管局", "县司法局", "青溪县律师协会", "立案庭", "执行局" })
            Assert.Contains(f.Units, u => u.Name == name);
        foreach (var kind in Kinds)
            Assert.Contains(f.Units, u => u.Kind == kind);
        Assert.Contains(f.Posts, p => p.Rank == "deputy");
        Assert.All(f.People, p => Assert.InRange(p.Name.Length, 2, 4));
    }

    [Theory]
    [InlineData(2000)]
    [InlineData(10000)]
    public void Generate_LargerCounty_AboutOneUnitPer20People(int people)
    {
        var f = DemoCounty.Generate(people);

        Assert.InRange(f.Units.Count, people / 25, people / 15);
        var staffed = f.People.Select(p => p.UnitCode).ToHashSet();
        Assert.All(f.Units, u => Assert.Contains(u.Code, staffed));
    }
}
