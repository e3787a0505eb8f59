namespace Changxiao.Kernel.Rules;

/// <summary>One sentence of a mechanism's rules. The code is stable: it appears in API errors and the journal.</summary>
public interface IBusinessRule
{
    string Code { get; }
    string Message { get; }
    bool IsBroken();
}

/// <summary>A rule written inline: <c>Rule.Of("unit.code-taken", "…", () => taken)</c>.</summary>
public sealed record Rule(string Code, string Message, Func<bool> Broken) : IBusinessRule
{
    public bool IsBroken() => Broken();
    public static Rule Of(string code, string message, Func<bool> broken) => new(code, message, broken);
}

/// <summary>A command was refused because a rule was broken. Translated to 409 in exactly one place.</summary>
public sealed class BusinessRuleException(IBusinessRule rule) : Exception(rule.Message)
{
    public IBusinessRule Rule { get; } = rule;
    public string Code => Rule.Code;
}

/// <summary>The thing asked for does not exist, or the caller may not know that it exists (404).</summary>
public sealed class NotFoundException(string entity, string id) : Exception($"{entity} {id} 不存在")
{
    public string Entity { get; } = entity;
    public string Id { get; } = id;
}

/// <summary>Input that is wrong in itself, field by field (400).</summary>
public sealed class FieldErrorsException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("输入有误：" + string.Join("；", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static FieldErrorsException One(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The caller is known but lacks the permission in that scope (403).</summary>
public sealed class ForbiddenException(string permission) : Exception($"没有权限：{permission}")
{
    public string Permission { get; } = permission;
}

public static class Check
{
    public static void Rule(IBusinessRule rule)
    {
        if (rule.IsBroken()) throw new BusinessRuleException(rule);
    }

    /// <summary>Collects field errors; throws once with all of them.</summary>
    public sealed class Fields
    {
        private readonly Dictionary<string, List<string>> _errors = new();

        /// <summary>
        /// A text that must be given: not blank, at most <paramref name="maxLength"/> characters, and text by
        /// <see cref="TextRules"/> — one line unless <paramref name="multiline"/> (names, titles and codes are one line).
        /// </summary>
        public Fields Required(string field, string? value, int maxLength, bool multiline = false)
        {
            if (string.IsNullOrWhiteSpace(value)) Add(field, "必填");
            else Text(field, value, maxLength, multiline);
            return this;
        }

        /// <summary>A text that may be left out; when given, as <see cref="Required"/>.</summary>
        public Fields Optional(string field, string? value, int maxLength, bool multiline = false)
        {
            if (value is not null) Text(field, value, maxLength, multiline);
            return this;
        }

        private void Text(string field, string value, int maxLength, bool multiline)
        {
            if (value.Length > maxLength) Add(field, $"不能超过 {maxLength} 个字符");
            else if (TextRules.Problem(value, multiline) is { } problem) Add(field, problem);
        }

        public Fields When(bool broken, string field, string message)
        {
            if (broken) Add(field, message);
            return this;
        }

        public void Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = new();
            list.Add(message);
        }

        public void ThrowIfAny()
        {
            if (_errors.Count > 0)
                throw new FieldErrorsException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}
