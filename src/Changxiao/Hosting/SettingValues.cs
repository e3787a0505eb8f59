using System.Globalization;

namespace Changxiao.Hosting;

/// <summary>
/// Reads one group of settings: the configuration key (under <paramref name="prefix"/>) first, then the plain
/// CHANGXIAO_* environment variable. A bad value throws <see cref="ArgumentException"/> naming both.
/// </summary>
public sealed class SettingValues(IConfiguration? config, Func<string, string?>? environment = null, string prefix = "")
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public string? Get(string key, string env)
    {
        var v = config?[prefix + key];
        if (string.IsNullOrWhiteSpace(v)) v = _environment(env);
        return string.IsNullOrWhiteSpace(v) ? null : v.Trim();
    }

    public int Int(string key, string env, int @default, int min, int max)
    {
        var v = Get(key, env);
        if (v is null) return @default;
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new ArgumentException($"{prefix}{key} ({env}): \"{v}\" 不是 {min}–{max} 之间的整数");
        return n;
    }

    public bool Bool(string key, string env, bool @default)
    {
        var v = Get(key, env);
        if (v is null) return @default;
        return v.ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new ArgumentException($"{prefix}{key} ({env}): \"{v}\" 应为 true 或 false"),
        };
    }
}
