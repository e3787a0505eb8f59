using System.Security.Cryptography;
using System.Text;

namespace Changxiao.Store.Services;

/// <summary>PBKDF2-HMAC-SHA512, 100,000 iterations, 16-byte salt; stored as "pbkdf2-sha512$iter$salt$hash".</summary>
public static class Passwords
{
    private const int Iterations = 100_000;
    private const string Scheme = "pbkdf2-sha512";

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, 32);
        return $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iter)) return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iter, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the same time as a real check, so unknown usernames cannot be told apart by timing.</summary>
    public static bool Waste(string password)
    {
        Verify(password, DummyHash.Value);
        return false;
    }

    private static readonly Lazy<string> DummyHash = new(() => Hash("not-a-password-0"));

    public static string NewToken() => "cx_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Sha256(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A password check was refused because too many are already running or waiting (503: try again in a moment).</summary>
public sealed class PasswordChecksBusyException() : Exception("登录的人太多，请稍后再试");

/// <summary>
/// The password work of logins, bounded and evened out. At most <c>concurrent</c> password hashes at once (each about a
/// tenth of a second of one core), at most <c>waiting</c> more in line; beyond that a request is refused at once instead
/// of queued, so the rest of the server keeps its cores and threads whatever arrives at the login endpoint. And every
/// refused login takes about as long as a wrong password does, so timing tells no more than the answer.
/// </summary>
public sealed class PasswordGate(int concurrent, int waiting)
{
    private readonly SemaphoreSlim _slots = new(concurrent, concurrent);
    private readonly int _places = concurrent + waiting;
    private int _taken;
    private readonly Lock _timing = new();
    private double _refusalMs;

    /// <summary>Learns how long refusing a wrong password takes (reserving the check, hashing, recording the failure): a moving average.</summary>
    public void ObserveRefusal(TimeSpan took)
    {
        lock (_timing) _refusalMs = _refusalMs == 0 ? took.TotalMilliseconds : 0.8 * _refusalMs + 0.2 * took.TotalMilliseconds;
    }

    /// <summary>
    /// Waits (without holding a thread) until a refusal that has taken <paramref name="elapsed"/> so far has taken as long
    /// as a wrong password's usually does: an unknown user or a locked-out client, which record nothing, are not quicker.
    /// </summary>
    public Task EvenOutAsync(TimeSpan elapsed, CancellationToken ct)
    {
        double target;
        lock (_timing) target = _refusalMs;
        var wait = target - elapsed.TotalMilliseconds;
        return wait >= 1 ? Task.Delay(TimeSpan.FromMilliseconds(wait), ct) : Task.CompletedTask;
    }

    /// <summary>For the CLI and tools: one hash per core, nobody turned away.</summary>
    public static PasswordGate Unbounded() => new(Environment.ProcessorCount, int.MaxValue - Environment.ProcessorCount);

    /// <summary>Takes a place in line before anything else is done for the request; throws <see cref="PasswordChecksBusyException"/> when the line is full.</summary>
    public Place Enter()
    {
        if (Interlocked.Increment(ref _taken) > _places)
        {
            Interlocked.Decrement(ref _taken);
            throw new PasswordChecksBusyException();
        }
        return new Place(this);
    }

    public async Task<T> RunAsync<T>(Func<T> hash, CancellationToken ct)
    {
        using var place = Enter();
        return await place.HashAsync(hash, ct);
    }

    public sealed class Place(PasswordGate gate) : IDisposable
    {
        private bool _left;

        /// <summary>Waits for a free slot (asynchronously: no thread is held while waiting), then hashes.</summary>
        public async Task<T> HashAsync<T>(Func<T> hash, CancellationToken ct)
        {
            await gate._slots.WaitAsync(ct);
            try
            {
                return hash();
            }
            finally
            {
                gate._slots.Release();
            }
        }

        public void Dispose()
        {
            if (_left) return;
            _left = true;
            Interlocked.Decrement(ref gate._taken);
        }
    }
}
