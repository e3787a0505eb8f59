using Changxiao.Packs.Mechanisms;
using static Changxiao.Kernel.Tests.Packs.PackAssert;
using static Changxiao.Kernel.Tests.Packs.TempPacks;
using Codes = Changxiao.Packs.Mechanisms.PackErrorCodes;

namespace Changxiao.Kernel.Tests.Packs;

/// <summary>Content hashes, loading a folder of packs, and references between packs.</summary>
public sealed class PackLoaderTests : IDisposable
{
    private readonly TempPacks _packs = new();

    public void Dispose() => _packs.Dispose();

    /// <summary><see cref="Minimal"/> under another id.</summary>
    private static string[] Named(string id, params string[] more) => [$"id: {id}", .. Minimal.Skip(1), .. more];

    [Fact]
    public void ComputeContentHash_SameFiles_SameHash()
    {
        var a = _packs.Write("a", Minimal);
        _packs.WriteFile("a", "README.md", "# 测试");
        var b = _packs.Write("b", Minimal);
        _packs.WriteFile("b", "README.md", "# 测试");

        Assert.Equal(PackLoader.ComputeContentHash(a), PackLoader.ComputeContentHash(b));
        Assert.Equal(PackLoader.ComputeContentHash(a), PackLoader.ComputeContentHash(a));
        Assert.Matches("^[0-9a-f]{64}$", PackLoader.ComputeContentHash(a));
    }

    [Fact]
    public void ComputeContentHash_OneByteChanged_ChangesHash()
    {
        var dir = _packs.Write("a", Minimal);
        var before = PackLoader.ComputeContentHash(dir);

        _packs.Write("a", With((4, "source: test L2")));

        Assert.NotEqual(before, PackLoader.ComputeContentHash(dir));
    }

    [Fact]
    public void ComputeContentHash_YamlFileAddedOrRenamed_ChangesHash()
    {
        var dir = _packs.Write("a", Minimal);
        var before = PackLoader.ComputeContentHash(dir);

        _packs.WriteFile("a", "kinds/extra.yaml", "x: 1");
        var added = PackLoader.ComputeContentHash(dir);
        File.Move(Path.Combine(dir, "kinds", "extra.yaml"), Path.Combine(dir, "kinds", "more.yaml"));
        var renamed = PackLoader.ComputeContentHash(dir);

        Assert.NotEqual(before, added);
        Assert.NotEqual(added, renamed);
    }

    [Fact]
    public void ComputeContentHash_ReadmeChanged_SameHash()
    {
        var dir = _packs.Write("a", Minimal);
        var before = PackLoader.ComputeContentHash(dir);

        _packs.WriteFile("a", "README.md", "说明改了");

        Assert.Equal(before, PackLoader.ComputeContentHash(dir));
    }

    [Fact]
    public void ComputeContentHash_DotFiles_AreLeftOut()
    {
        var dir = _packs.Write("a", Minimal);
        var before = PackLoader.ComputeContentHash(dir);

        _packs.WriteFile("a", ".pack.yaml.swp", "editor junk");

        Assert.Equal(before, PackLoader.ComputeContentHash(dir));
    }

    [Fact]
    public void LoadFolder_ContentHash_IsTheFolderHash()
    {
        var dir = _packs.Write("t", Minimal);

        Assert.Equal(PackLoader.ComputeContentHash(dir), PackLoader.LoadFolder(dir).ContentHash);
    }

    [Fact]
    public void LoadAll_TwoPacks_LoadsBothInFolderOrder()
    {
        _packs.Write("b", Named("b"));
        _packs.Write("a", Named("a"));

        var packs = PackLoader.LoadAll(_packs.Root);

        Assert.Equal(["a", "b"], packs.Select(p => p.Id));
    }

    [Fact]
    public void LoadAll_TwoPacksWithKindsWithoutFormat_NumberDifferently()
    {
        // Two kinds named alike in two packs, neither with a number format: each gets its own (they count separately).
        _packs.Write("a", Named("a"));
        _packs.Write("b", Named("b"));

        var packs = PackLoader.LoadAll(_packs.Root);

        Assert.NotEqual(Kernel.Matters.MatterNumber.FormatOf("a", packs[0].Kinds["k"]), Kernel.Matters.MatterNumber.FormatOf("b", packs[1].Kinds["k"]));
    }

    [Fact]
    public void LoadAll_TwoKindsWithOneNumberFormat_IsNumberFormatShared()
    {
        _packs.Write("a", [.. Named("a").Take(7), "    number: \"YT-{yyyy}-{seq:3}\"", .. Named("a").Skip(7)]);
        _packs.Write("b", [.. Named("b").Take(7), "    number: \"YT-{yyyy}-{seq:3}\"", .. Named("b").Skip(7)]);

        var ex = Assert.Throws<PackValidationException>(() => PackLoader.LoadAll(_packs.Root));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((Codes.NumberFormatShared, "b", 6), (error.Code, Path.GetFileName(Path.GetDirectoryName(error.File)!), error.Line));
        Assert.Contains("a/k", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadAll_ErrorsInTwoPacks_ReportsBothTogether()
    {
        _packs.Write("a", Named("a").Select((l, i) => i == 1 ? "version: 0" : l).ToArray());
        _packs.Write("b", Named("b").Select((l, i) => i == 7 ? "    initial: nowhere" : l).ToArray());

        var ex = Assert.Throws<PackValidationException>(() => PackLoader.LoadAll(_packs.Root));

        Assert.Equal([(Codes.BadVersion, "a"), (Codes.UnknownState, "b")],
            ex.Errors.Select(e => (e.Code, Path.GetFileName(Path.GetDirectoryName(e.File)!))));
    }

    [Fact]
    public void LoadAll_SubfolderWithoutPackYaml_IsFolderError()
    {
        _packs.Write("a", Named("a"));
        _packs.WriteFile("stray", "pack.yml", "id: stray");

        var ex = Assert.Throws<PackValidationException>(() => PackLoader.LoadAll(_packs.Root));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((Codes.Folder, Path.Combine(_packs.Root, "stray")), (error.Code, error.File));
    }

    [Fact]
    public void LoadAll_CrossPackReferences_ResolveAmongPacksLoadedTogether()
    {
        _packs.Write("a", Named("a",
            "    fields:",
            "      reason: {type: choice, title: 事由, options: [压案不查]}",
            "    parties:",
            "      subject: 对象",
            "    clocks:",
            "      c: {title: 时限, start: open, stop: done, limit: 15 days}"));
        var b = Named("b",
            "    fields:",
            "      origin: {type: matter, title: 来源, kind: a/k}",
            "    parties:",
            "      x: 某人",
            "    clocks:",
            "      due-with-a: {title: 同步, start: open, stop: done, due: {link: origin, clock: c}}");
        b[12] = "      finish: {title: 办结, from: open, to: done, by: [role:officer], effects: [{open: {kind: a/k, about: party:x, fields: {reason: 压案不查}}}]}";
        _packs.Write("b", b);

        var packs = PackLoader.LoadAll(_packs.Root);

        Assert.Equal("a/k", packs[1].Kinds["k"].Fields["origin"].MatterKind);
    }

    [Fact]
    public void LoadAll_CrossPackReferenceToMissingPackOrKind_IsReported()
    {
        _packs.Write("a", Named("a"));
        var lines = Named("b",
            "    fields:",
            "      origin: {type: matter, title: 来源, kind: zz/k}",
            "      other: {type: matter, title: 另一, kind: a/kk}",
            "    clocks:",
            "      c: {title: 同步, start: open, stop: done, due: {link: other, clock: nope}}");
        _packs.Write("b", lines);

        var ex = Assert.Throws<PackValidationException>(() => PackLoader.LoadAll(_packs.Root));

        Has(ex.Errors, lines, Codes.UnknownPack, 15, "zz/k");
        Has(ex.Errors, lines, Codes.UnknownKind, 16, "a/kk");
        Has(ex.Errors, lines, Codes.UnknownKind, 18, "nope");
        Assert.Equal(3, ex.Errors.Count);
    }

    [Fact]
    public void LoadAll_CrossPackOpenOfKindWithoutSubject_IsUnknownParty()
    {
        _packs.Write("a", Named("a"));
        var lines = Named("b",
            "    parties:",
            "      x: 某人");
        lines[12] = "      finish: {title: 办结, from: open, to: done, by: [role:officer], effects: [{open: {kind: a/k, about: party:x}}]}";
        _packs.Write("b", lines);

        var ex = Assert.Throws<PackValidationException>(() => PackLoader.LoadAll(_packs.Root));

        var error = Only(ex.Errors, Codes.UnknownParty, 13, Col(lines, 13, "party:x"));
        Assert.Contains("subject", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadAll_MissingFolder_IsFolderError()
    {
        var ex = Assert.Throws<PackValidationException>(() => PackLoader.LoadAll(Path.Combine(_packs.Root, "nope")));

        Assert.Equal(Codes.Folder, Assert.Single(ex.Errors).Code);
    }
}
