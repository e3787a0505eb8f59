using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Journal;
using Changxiao.Kernel.Matters;

namespace Changxiao.Store;

public sealed partial class WriteScope
{
    /// <summary>Encrypts confidential field values (set by the Writer from DI).</summary>
    internal Matters.FieldCipher? Cipher { get; init; }

    /// <summary>The packs matters run under, and the calendar their clocks count on.</summary>
    public Matters.PackCatalog Packs { get; init; } = Matters.PackCatalog.Empty;

    public Changxiao.Kernel.Calendar.WorkCalendar Calendar { get; init; } = Changxiao.Kernel.Calendar.WorkCalendar.Default;

    /// <summary>
    /// The fact's journal data, and — for a matter fact that carries confidential values — those
    /// values encrypted. The data then gets "sealed": {field: SHA-256 of the ciphertext}, so the
    /// chain covers the secret without holding it.
    /// </summary>
    private (string Data, IReadOnlyDictionary<string, string?>? Sealed) Seal(IFact fact)
    {
        var secrets = SecretsOf(fact);
        if (secrets is null || secrets.Count == 0) return (CanonicalJson.SerializeFact(fact), null);
        var cipher = Cipher ?? throw new InvalidOperationException("confidential fields need a FieldCipher (AddStore registers one)");
        var sealedValues = secrets.ToDictionary(kv => kv.Key,
            kv => kv.Value is null ? null : cipher.Encrypt(fact.EntityId, kv.Key, kv.Value.ToJsonString()));
        var node = JsonNode.Parse(CanonicalJson.SerializeFact(fact))!.AsObject();
        node["sealed"] = new JsonObject(sealedValues.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
            KeyValuePair.Create(kv.Key, (JsonNode?)(kv.Value is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kv.Value)))))));
        return (CanonicalJson.Canonicalize(node), sealedValues);
    }

    /// <summary>
    /// A fact's journal data worked out ahead of its append: pure, so a batch can prepare its facts in parallel. Only for
    /// facts without confidential values (sealing needs the scope's cipher and writes the secrets table).
    /// </summary>
    internal static PreparedFact Prepare(IFact fact) => SecretsOf(fact) is { Count: > 0 }
        ? throw new InvalidOperationException($"{fact.Type} carries confidential values: record it with Record")
        : new PreparedFact(fact, CanonicalJson.SerializeFact(fact));

    private static IReadOnlyDictionary<string, JsonNode?>? SecretsOf(IFact fact) => fact switch
    {
        MatterOpened o => o.Secrets,
        MatterActed a => a.SecretChanges,
        _ => null,
    };
}

/// <summary>A fact and its canonical journal data (see <see cref="WriteScope.Prepare"/>).</summary>
internal readonly record struct PreparedFact(IFact Fact, string Data);
