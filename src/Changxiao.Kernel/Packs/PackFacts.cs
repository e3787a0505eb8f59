using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Changxiao.Kernel.Journal;

namespace Changxiao.Kernel.Packs;

/// <summary>
/// A pack version was seen for the first time and its files kept, so matters opened under it run
/// under it for good. The files ride along to the read table; the journal keeps the content hash.
/// </summary>
public sealed record PackRegistered(string PackId, int Version, string ContentHash, [property: JsonIgnore] string FilesJson) : IFact
{
    public string Type => "pack.registered";
    public string EntityType => "pack";
    public Guid EntityId => IdOf(PackId, Version);

    /// <summary>A stable id for a pack version (a name-based id: the first 16 bytes of SHA-256 over "id@version").</summary>
    public static Guid IdOf(string packId, int version) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{packId}@{version}")).AsSpan(0, 16));
}
