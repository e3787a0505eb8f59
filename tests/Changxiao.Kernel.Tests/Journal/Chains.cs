using Changxiao.Kernel.Journal;

namespace Changxiao.Kernel.Tests.Journal;

/// <summary>Builds hash chains the way the writer does, and walks them through a fresh verifier.</summary>
internal static class Chains
{
    public const long StartMs = 1_735_689_600_000; // 2025-01-01T00:00:00Z

    /// <summary>Entries 1..n, each hashed over the one before it.</summary>
    public static List<JournalEntry> Build(int n)
    {
        var entries = new List<JournalEntry>(n);
        var prev = JournalHash.Genesis;
        for (var seq = 1L; seq <= n; seq++)
        {
            var e = Sealed(new JournalEntry(seq, StartMs + seq * 1000, $"张三 ({seq % 2})", "unit.created", "unit",
                Guid.Parse($"0197a000-0000-7000-8000-{seq:D12}").ToString(),
                CanonicalJson.Serialize(new { code = $"u{seq}", name = $"单位{seq}" }), prev, ""));
            entries.Add(e);
            prev = e.Hash;
        }
        return entries;
    }

    /// <summary>The entry with its hash recomputed over its own content and PrevHash (what a careful forger would do).</summary>
    public static JournalEntry Sealed(JournalEntry e) => e with { Hash = JournalHash.Compute(e.PrevHash, e) };

    /// <summary>Verifies against the head the writer recorded for the original chain.</summary>
    public static ChainReport Verify(IEnumerable<JournalEntry> entries, IReadOnlyList<JournalEntry> original) =>
        Verify(entries, original.Count, original.Count == 0 ? JournalHash.Genesis : original[^1].Hash);

    public static ChainReport Verify(IEnumerable<JournalEntry> entries, long headSeq, string headHash)
    {
        var verifier = new ChainVerifier();
        foreach (var e in entries) verifier.Add(e);
        return verifier.Finish(headSeq, headHash);
    }

    /// <summary>A copy of the chain with the entry at <paramref name="seq"/> replaced.</summary>
    public static List<JournalEntry> With(IReadOnlyList<JournalEntry> chain, long seq, Func<JournalEntry, JournalEntry> change) =>
        chain.Select(e => e.Seq == seq ? change(e) : e).ToList();

    public static void AssertBrokenAt(long seq, ChainReport report)
    {
        Assert.False(report.Ok, "the chain should be reported broken");
        Assert.Equal(seq, report.BrokenAt);
        Assert.False(string.IsNullOrWhiteSpace(report.Message));
    }
}
