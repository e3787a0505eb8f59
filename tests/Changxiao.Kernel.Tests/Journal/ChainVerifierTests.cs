using Changxiao.Kernel.Journal;
using static Changxiao.Kernel.Tests.Journal.Chains;

namespace Changxiao.Kernel.Tests.Journal;

public class ChainVerifierTests
{
    private static readonly List<JournalEntry> Five = Build(5);

    private static JournalEntry Edit(JournalEntry e, string field) => field switch
    {
        "data" => e with { Data = e.Data.Replace("单位", "单住") },
        "actor" => e with { Actor = "李四" },
        "type" => e with { Type = "unit.updated" },
        "entityType" => e with { EntityType = "person" },
        "entityId" => e with { EntityId = Guid.Empty.ToString() },
        "at" => e with { AtMs = e.AtMs + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(50)]
    public void Finish_IntactChain_IsOkWithCount(int n)
    {
        var chain = Build(n);

        var report = Verify(chain, chain);

        Assert.Equal(ChainReport.Good(n), report);
    }

    [Fact]
    public void Finish_EmptyChainHeadZero_IsOk()
    {
        Assert.Equal(ChainReport.Good(0), Verify([], 0, JournalHash.Genesis));
        Assert.Equal(ChainReport.Good(0), new ChainVerifier().Finish(0, ""));
    }

    [Fact]
    public void Add_IntactEntries_ReturnsTrueAndNoBreak()
    {
        var verifier = new ChainVerifier();

        Assert.All(Five, e => Assert.True(verifier.Add(e)));
        Assert.Null(verifier.Broken);
    }

    [Theory]
    [InlineData("data", 3)]
    [InlineData("actor", 3)]
    [InlineData("type", 3)]
    [InlineData("entityType", 3)]
    [InlineData("entityId", 3)]
    [InlineData("at", 3)]
    [InlineData("data", 1)]
    [InlineData("actor", 5)]
    public void Finish_EditedField_BrokenAtThatSeq(string field, long seq) =>
        AssertBrokenAt(seq, Verify(With(Five, seq, e => Edit(e, field)), Five));

    [Fact]
    public void Finish_EditedEntryResealed_BrokenAtNextEntry() =>
        AssertBrokenAt(4, Verify(With(Five, 3, e => Sealed(Edit(e, "data"))), Five));

    [Fact]
    public void Finish_EditedLastEntryResealed_BrokenAtHead()
    {
        var report = Verify(With(Five, 5, e => Sealed(Edit(e, "data"))), Five);

        AssertBrokenAt(5, report);
        Assert.Equal(5, report.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Finish_DeletedEntry_BrokenAtTheGap(long seq)
    {
        var report = Verify(Five.Where(e => e.Seq != seq), Five);

        AssertBrokenAt(seq, report);
        Assert.Equal(seq - 1, report.Count);
    }

    [Fact]
    public void Finish_TwoEntriesSwapped_BrokenAtFirstOfThem() =>
        AssertBrokenAt(3, Verify([Five[0], Five[1], Five[3], Five[2], Five[4]], Five));

    [Fact]
    public void Finish_TwoEntriesSwappedAndRenumbered_BrokenAtFirstOfThem()
    {
        // The forger keeps seq 1..5 in order but swaps the content of entries 3 and 4.
        List<JournalEntry> swapped = [Five[0], Five[1], Five[3] with { Seq = 3 }, Five[2] with { Seq = 4 }, Five[4]];

        AssertBrokenAt(3, Verify(swapped, Five));
    }

    [Fact]
    public void Finish_EntryReplayed_BrokenAfterTheReplay() =>
        AssertBrokenAt(3, Verify([Five[0], Five[1], Five[1], Five[2], Five[3], Five[4]], Five));

    [Fact]
    public void Finish_TruncatedTail_HeadSaysMore()
    {
        var report = Verify(Five.Take(3), Five);

        AssertBrokenAt(4, report);
        Assert.Equal(3, report.Count);
    }

    [Fact]
    public void Finish_AllEntriesRemoved_HeadSaysMore() =>
        AssertBrokenAt(1, Verify([], Five));

    [Fact]
    public void Finish_EntryAppendedWithoutHeadUpdate_BrokenAtTheExtraEntry()
    {
        var six = Build(6); // entries 1..5 are identical to Five

        var report = Verify(six, 5, Five[^1].Hash);

        AssertBrokenAt(6, report);
        Assert.Equal(6, report.Count);
    }

    [Fact]
    public void Finish_HeadHashDiffers_BrokenAtLastEntry() =>
        AssertBrokenAt(5, Verify(Five, 5, JournalHash.Genesis));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Finish_WrongPrevHash_BrokenAtThatSeq(long seq) =>
        // Sealed over the wrong previous hash, so only the link is wrong, not the entry's own hash.
        AssertBrokenAt(seq, Verify(With(Five, seq, e => Sealed(e with { PrevHash = new string('f', 64) })), Five));

    [Fact]
    public void Finish_SeveralBreaks_ReportsTheFirst()
    {
        var chain = With(With(Five, 2, e => Edit(e, "data")), 4, e => Edit(e, "actor"));

        AssertBrokenAt(2, Verify(chain.Where(e => e.Seq != 5), Five));
    }

    [Fact]
    public void Add_AfterBreak_ReturnsFalseAndKeepsFirstBreak()
    {
        var verifier = new ChainVerifier();
        var chain = With(Five, 2, e => Edit(e, "type"));

        var results = chain.Select(verifier.Add).ToList();

        Assert.Equal([true, false, false, false, false], results);
        Assert.Equal(2, verifier.Broken?.BrokenAt);
        Assert.Same(verifier.Broken, verifier.Finish(5, Five[^1].Hash));
    }
}
