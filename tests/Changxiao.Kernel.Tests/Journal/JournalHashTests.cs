using Changxiao.Kernel.Journal;

namespace Changxiao.Kernel.Tests.Journal;

public class JournalHashTests
{
    private static readonly JournalEntry Sample = new(
        1, 1_735_689_600_000, "系统", "unit.created", "unit", "0197a000-0000-7000-8000-000000000001", """{"name":"青溪县"}""",
        JournalHash.Genesis, "");

    private static string Hash(JournalEntry e) => JournalHash.Compute(e.PrevHash, e);

    [Fact]
    public void Compute_KnownEntry_MatchesTheDocumentedFormat() =>
        // sha256 of prevHash, seq, atMs, actor, type, entityType, entityId, data — each UTF-8 and ended by "\n"
        // (computed independently: printf '…\n…\n' | sha256sum).
        Assert.Equal("c44939fb4fb8b1ab2124e0c3e1cb8d162c58727b535c950a9db69b9988f2c219", Hash(Sample));

    [Fact]
    public void Compute_SameInput_SameLowercaseHexHash()
    {
        var first = Hash(Sample);

        Assert.Equal(first, Hash(Sample with { }));
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Fact]
    public void Compute_EntryOverload_EqualsFieldOverload() =>
        Assert.Equal(
            JournalHash.Compute(Sample.PrevHash, Sample.Seq, Sample.AtMs, Sample.Actor, Sample.Type, Sample.EntityType, Sample.EntityId, Sample.Data),
            Hash(Sample));

    [Fact]
    public void Compute_IgnoresTheEntrysOwnHashAndPrevHashFields()
    {
        // The overload takes the previous hash explicitly; the entry's Hash field is the output, not an input.
        Assert.Equal(Hash(Sample), JournalHash.Compute(Sample.PrevHash, Sample with { Hash = "anything" }));
    }

    [Theory]
    [InlineData("prevHash")]
    [InlineData("seq")]
    [InlineData("atMs")]
    [InlineData("actor")]
    [InlineData("type")]
    [InlineData("entityType")]
    [InlineData("entityId")]
    [InlineData("data")]
    public void Compute_AnySingleFieldChanged_HashChanges(string field)
    {
        var changed = field switch
        {
            "prevHash" => Sample with { PrevHash = "1" + Sample.PrevHash[1..] },
            "seq" => Sample with { Seq = 2 },
            "atMs" => Sample with { AtMs = Sample.AtMs + 1 },
            "actor" => Sample with { Actor = "系统 " },
            "type" => Sample with { Type = "unit.updated" },
            "entityType" => Sample with { EntityType = "units" },
            "entityId" => Sample with { EntityId = "0197a000-0000-7000-8000-000000000002" },
            "data" => Sample with { Data = """{"name":"青溪縣"}""" },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.NotEqual(Hash(Sample), Hash(changed));
    }

    [Fact]
    public void Compute_TextMovedAcrossAFieldBoundary_HashChanges() =>
        Assert.NotEqual(
            Hash(Sample with { Type = "unit.created", EntityType = "unit" }),
            Hash(Sample with { Type = "unit.createdunit", EntityType = "" }));
}
