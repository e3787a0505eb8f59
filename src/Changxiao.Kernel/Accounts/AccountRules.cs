using Changxiao.Kernel.Rules;

namespace Changxiao.Kernel.Accounts;

/// <summary>Lockout settings: system settings, not mechanism numbers (no seed gives them).</summary>
public sealed record LockoutPolicy(int MaxFailures, TimeSpan LockFor)
{
    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(15));
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
