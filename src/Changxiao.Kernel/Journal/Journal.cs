using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Changxiao.Kernel.Journal;

/// <summary>
/// One entry of the hash chain. <see cref="AtMs"/> is a UTC instant in Unix milliseconds (the same
/// on SQLite and PostgreSQL); <see cref="Data"/> is the fact in canonical JSON.
/// </summary>
public sealed record JournalEntry(
    long Seq, long AtMs, string Actor, string Type, string EntityType, string EntityId, string Data, string PrevHash, string Hash);

public static class JournalHash
{
    /// <summary>The hash before the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// SHA-256 over the previous hash and the entry's fields, each UTF-8 encoded and ended by a
    /// newline (no field may contain one except Data, which is canonical JSON and so has none).
    /// </summary>
    public static string Compute(string prevHash, long seq, long atMs, string actor, string type, string entityType, string entityId, string data)
    {
        var text = string.Concat(prevHash, "\n", seq.ToString(System.Globalization.CultureInfo.InvariantCulture), "\n",
            atMs.ToString(System.Globalization.CultureInfo.InvariantCulture), "\n", actor, "\n", type, "\n", entityType, "\n", entityId, "\n", data, "\n");
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var n = Encoding.UTF8.GetBytes(text, rented);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, n), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static string Compute(string prevHash, JournalEntry e) =>
        Compute(prevHash, e.Seq, e.AtMs, e.Actor, e.Type, e.EntityType, e.EntityId, e.Data);
}

/// <summary>Canonical JSON: object keys sorted by ordinal, no whitespace, minimal escaping.</summary>
public static class CanonicalJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string Serialize(object value) =>
        Canonicalize(JsonSerializer.SerializeToNode(value, value.GetType(), Options));

    /// <summary>A fact's data: its own fields, without the type and entity that the entry already carries.</summary>
    public static string SerializeFact(IFact fact)
    {
        var node = JsonSerializer.SerializeToNode(fact, fact.GetType(), Options)!.AsObject();
        node.Remove("type");
        node.Remove("entityType");
        node.Remove("entityId");
        return Canonicalize(node);
    }

    public static string Canonicalize(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) Write(w, node);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null: w.WriteNullValue(); break;
            case JsonObject o:
                w.WriteStartObject();
                foreach (var (k, v) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(k);
                    Write(w, v);
                }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var v in a) Write(w, v);
                w.WriteEndArray();
                break;
            default: node.WriteTo(w); break;
        }
    }
}

/// <summary>What a verification found: the count, or the first broken entry and why.</summary>
public sealed record ChainReport(long Count, bool Ok, long? BrokenAt, string? Message)
{
    public static ChainReport Good(long count) => new(count, true, null, null);
}

/// <summary>
/// Walks entries in sequence order and finds the first break: an edited entry (its hash does not
/// match its content), a removed or reordered entry (sequence gap or previous-hash mismatch), or a
/// truncated tail (the last entry is not the head recorded with every append).
/// </summary>
public sealed class ChainVerifier
{
    private string _prev = JournalHash.Genesis;
    private long _expectedSeq = 1;
    private long _count;

    public ChainReport? Broken { get; private set; }

    /// <summary>Feeds the next entry; returns false once the chain is broken.</summary>
    public bool Add(long seq, long atMs, string actor, string type, string entityType, string entityId, string data, string prevHash, string hash)
    {
        if (Broken is not null) return false;
        if (seq != _expectedSeq)
            return Fail(_expectedSeq, seq < _expectedSeq
                ? $"第 {seq} 条顺序错乱（应为第 {_expectedSeq} 条）"
                : $"缺少第 {_expectedSeq} 条（下一条是第 {seq} 条）");
        if (!string.Equals(prevHash, _prev, StringComparison.Ordinal))
            return Fail(seq, $"第 {seq} 条的前一哈希不符：应为 {_prev}，实为 {prevHash}");
        var actual = JournalHash.Compute(prevHash, seq, atMs, actor, type, entityType, entityId, data);
        if (!string.Equals(actual, hash, StringComparison.Ordinal))
            return Fail(seq, $"第 {seq} 条内容被改动：记录的哈希 {hash}，按内容算得 {actual}");
        _prev = hash;
        _expectedSeq++;
        _count++;
        return true;
    }

    public bool Add(JournalEntry e) => Add(e.Seq, e.AtMs, e.Actor, e.Type, e.EntityType, e.EntityId, e.Data, e.PrevHash, e.Hash);

    /// <summary>Ends the walk against the head (count and last hash) recorded with every append.</summary>
    public ChainReport Finish(long headSeq, string headHash)
    {
        if (Broken is not null) return Broken;
        if (headSeq != _count)
            // The first entry the head does not vouch for: the missing one after a truncation, the
            // first extra one when entries were appended without the head.
            return new ChainReport(_count, false, Math.Min(headSeq, _count) + 1,
                headSeq > _count ? $"日志被截断：应有 {headSeq} 条，只找到 {_count} 条" : $"日志多出条目：链头记录 {headSeq} 条，实有 {_count} 条");
        if (_count > 0 && !string.Equals(headHash, _prev, StringComparison.Ordinal))
            return new ChainReport(_count, false, _count, $"链头哈希不符：应为 {headHash}，实为 {_prev}");
        return ChainReport.Good(_count);
    }

    private bool Fail(long seq, string message)
    {
        Broken = new ChainReport(_count, false, seq, message);
        return false;
    }
}
