using Changxiao.Kernel.Rules;

namespace Changxiao.Kernel.Accounts;

/// <summary>
/// Lockout, per account and client (system settings, not mechanism numbers — no seed gives them; decision 0009):
/// <see cref="MaxFailures"/> failed password checks from one client lock that client out of the account for
/// <see cref="LockFor"/>, each further lock of the same client twice as long, up to <see cref="MaxLockFor"/>.
/// Other clients of the account — its owner's browser, another office — are not locked out.
/// </summary>
public sealed record LockoutPolicy(int MaxFailures, TimeSpan LockFor, TimeSpan MaxLockFor)
{
    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromHours(24));

    /// <summary>How long the <paramref name="n"/>-th lock (from 1) of one client lasts.</summary>
    public TimeSpan LockDuration(int n)
    {
        var d = LockFor;
        for (var i = 1; i < n && d < MaxLockFor; i++) d += d;
        return d < MaxLockFor ? d : MaxLockFor;
    }

    /// <summary>
    /// The number of a client's next password check (1 starts a fresh count), or null when it may not try now: it is
    /// locked out, or the checks it has in progress already reach the limit.
    /// </summary>
    public int? NextAttempt(ClientLogins? client, long nowMs)
    {
        if (client is null) return 1;
        if (client.LockedUntilMs is { } until) return until > nowMs ? null : 1; // a lock that ran out starts a fresh count
        if (client.Attempts < MaxFailures) return client.Attempts + 1;
        // Checks reserved but never finished (the server stopped in between) hold the client back no longer than a lock.
        return client.LastAtMs + (long)LockFor.TotalMilliseconds > nowMs ? null : 1;
    }
}

/// <summary>One client's password checks against one account since its last success: reserved checks, locks so far, the current lock.</summary>
public sealed record ClientLogins(int Attempts, int Locks, long? LockedUntilMs, long LastAtMs);

/// <summary>What an API token may carry: never more than the one who asks for it holds.</summary>
public static class TokenScopes
{
    /// <summary>
    /// The roles of a new token: those asked for, each one held by the caller (whose roles are already narrowed when the
    /// caller is itself a scoped token), or all the caller's roles when none are asked for.
    /// </summary>
    public static IReadOnlyList<string> Narrow(IEnumerable<string> held, IReadOnlyList<string>? requested)
    {
        var mine = held.Distinct().Order(StringComparer.Ordinal).ToList();
        if (requested is null) return mine;
        var f = new Check.Fields();
        for (var i = 0; i < requested.Count; i++)
            f.When(string.IsNullOrWhiteSpace(requested[i]) || !mine.Contains(requested[i]), $"roles[{i}]", "只能选择你持有的角色");
        f.ThrowIfAny();
        return requested.Distinct().Order(StringComparer.Ordinal).ToList();
    }
}

public static class AccountRules
{
    /// <summary>At least 8 characters with a letter and a digit.</summary>
    public static void CheckPassword(string field, string? password)
    {
        var f = new Check.Fields().Required(field, password, 200);
        f.When(password is { Length: > 0 and < 8 }, field, "至少 8 个字符");
        f.When(password is { Length: >= 8 } && (!password.Any(char.IsLetter) || !password.Any(char.IsDigit)), field, "须同时包含字母和数字");
        f.ThrowIfAny();
    }

    public static void CheckUsername(string? username)
    {
        var f = new Check.Fields().Required("username", username, 64);
        f.When(username is { Length: > 0 } && !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'),
            "username", "只能包含字母、数字、.、_、-");
        f.ThrowIfAny();
    }
}
