using System.Security.Cryptography;
using System.Text;

namespace Changxiao.Store.Matters;

/// <summary>
/// Encrypts confidential field values at rest (AES-256-GCM, a fresh nonce per value, the matter id
/// and field as associated data so a ciphertext cannot be moved to another matter or field).
/// The key: CHANGXIAO_FIELD_KEY (base64, 32 bytes) or a key file created on first use
/// (field.key in the keys folder). Several servers on one database need the same key.
/// </summary>
public sealed class FieldCipher
{
    private readonly byte[] _key;

    public FieldCipher(byte[] key)
    {
        if (key.Length != 32) throw new ArgumentException("the field key must be 32 bytes");
        _key = key;
    }

    public static FieldCipher FromEnvironmentOrFile(string keysDir)
    {
        if (Environment.GetEnvironmentVariable("CHANGXIAO_FIELD_KEY") is { Length: > 0 } b64) return new(Convert.FromBase64String(b64));
        Directory.CreateDirectory(keysDir);
        var file = Path.Combine(keysDir, "field.key");
        if (!File.Exists(file))
        {
            var tmp = file + ".tmp";
            File.WriteAllText(tmp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            File.Move(tmp, file, overwrite: false);
        }
        return new(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }

    public string Encrypt(Guid matterId, string field, string plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plain, cipher, tag, Aad(matterId, field));
        return "v1:" + Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    public string Decrypt(Guid matterId, string field, string stored)
    {
        if (!stored.StartsWith("v1:", StringComparison.Ordinal)) throw new CryptographicException("unknown ciphertext format");
        var all = Convert.FromBase64String(stored[3..]);
        var plain = new byte[all.Length - 28];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(all.AsSpan(0, 12), all.AsSpan(28), all.AsSpan(12, 16), plain, Aad(matterId, field));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] Aad(Guid matterId, string field) => Encoding.UTF8.GetBytes(matterId.ToString("N") + "/" + field);
}
