using System.Text.RegularExpressions;
using Changxiao.Kernel.Rules;

namespace Changxiao.Kernel.Org;

public sealed record UnitInput(string? Code, string? Name, string? Kind, Guid? ParentId);

public sealed record PersonInput(string? Code, string? Name, Guid? UnitId, string? Phone, string? Email);

public sealed record PostInput(Guid? UnitId, string? Title, string? Rank, Guid? HolderId);

/// <summary>
/// The org's rules. Each method takes the command's input plus the slice of current state it
/// needs, and returns the fact to record or throws (field errors → 400, broken rule → 409).
/// </summary>
public static partial class OrgDecisions
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^(1\d{10}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    public static UnitCreated CreateUnit(Guid id, UnitInput input, UnitKinds kinds, UnitView? parent, CodeUse code)
    {
        var kind = ValidateUnit(input, kinds);
        CheckCode("unit.code-taken", "单位编码", input.Code, code);
        return new UnitCreated(id, input.Code!.Trim(), input.Name!.Trim(), kind.Code, parent?.Id);
    }

    public static UnitUpdated UpdateUnit(UnitView current, UnitInput input, UnitKinds kinds, UnitView? newParent, CodeUse code)
    {
        var kind = ValidateUnit(input, kinds);
        CheckCode("unit.code-taken", "单位编码", input.Code, code);
        Check.Rule(Rule.Of("unit.parent-cycle", "不能把单位移到它自己或它的下级单位之下",
            () => newParent is not null && UnitPath.IsWithin(newParent.Path, current.Path)));
        Check.Rule(Rule.Of("unit.root-fixed", "根单位不能移到其他单位之下，其他单位也不能成为根单位",
            () => (current.ParentId is null) != (newParent is null)));
        return new UnitUpdated(current.Id, input.Code!.Trim(), input.Name!.Trim(), kind.Code, newParent?.Id);
    }

    private static UnitKind ValidateUnit(UnitInput input, UnitKinds kinds)
    {
        var f = new Check.Fields()
            .Required("code", input.Code, 64)
            .Required("name", input.Name, 100)
            .Required("kind", input.Kind, 64);
        f.When(!string.IsNullOrWhiteSpace(input.Code) && !CodePattern().IsMatch(input.Code.Trim()),
            "code", "只能包含字母、数字、-、_、.，且以字母或数字开头");
        var kind = kinds.Find(input.Kind);
        f.When(!string.IsNullOrWhiteSpace(input.Kind) && kind is null, "kind", $"未知的单位类型：{input.Kind}");
        f.ThrowIfAny();
        return kind!;
    }

    public static PersonCreated CreatePerson(Guid id, PersonInput input, CodeUse code)
    {
        ValidatePerson(input);
        CheckCode("person.code-taken", "人员编号", input.Code, code);
        return new PersonCreated(id, input.Code!.Trim(), input.Name!.Trim(), input.UnitId!.Value, Blank(input.Phone), Blank(input.Email));
    }

    public static PersonUpdated UpdatePerson(PersonView current, PersonInput input, CodeUse code)
    {
        ValidatePerson(input);
        CheckCode("person.code-taken", "人员编号", input.Code, code);
        return new PersonUpdated(current.Id, input.Code!.Trim(), input.Name!.Trim(), input.UnitId!.Value, Blank(input.Phone), Blank(input.Email));
    }

    private static void ValidatePerson(PersonInput input)
    {
        var f = new Check.Fields()
            .Required("code", input.Code, 64)
            .Required("name", input.Name, 50)
            .Optional("phone", input.Phone, 20)
            .Optional("email", input.Email, 200);
        f.When(input.UnitId is null, "unitId", "必填");
        f.When(!string.IsNullOrWhiteSpace(input.Code) && !CodePattern().IsMatch(input.Code.Trim()),
            "code", "只能包含字母、数字、-、_、.，且以字母或数字开头");
        f.When(!string.IsNullOrWhiteSpace(input.Phone) && !PhonePattern().IsMatch(input.Phone.Trim()),
            "phone", $"手机号格式不正确：{input.Phone}");
        f.When(!string.IsNullOrWhiteSpace(input.Email) && !EmailPattern().IsMatch(input.Email.Trim()),
            "email", $"邮箱格式不正确：{input.Email}");
        f.ThrowIfAny();
    }

    public static PostCreated CreatePost(Guid id, PostInput input) =>
        ValidatePost(input, (rank) => new PostCreated(id, input.UnitId!.Value, input.Title!.Trim(), rank, input.HolderId));

    public static PostUpdated UpdatePost(Guid id, PostInput input) =>
        ValidatePost(input, (rank) => new PostUpdated(id, input.UnitId!.Value, input.Title!.Trim(), rank, input.HolderId));

    private static T ValidatePost<T>(PostInput input, Func<string, T> make)
    {
        var f = new Check.Fields().Required("title", input.Title, 100).Required("rank", input.Rank, 20);
        f.When(input.UnitId is null, "unitId", "必填");
        var rank = PostRanks.Normalise(input.Rank);
        f.When(!string.IsNullOrWhiteSpace(input.Rank) && rank is null, "rank", $"未知的职级：{input.Rank}");
        f.ThrowIfAny();
        return make(rank!);
    }

    /// <summary>
    /// A code held by something the actor can see is "taken"; one held out of its sight is only "unavailable", so that
    /// trying codes does not map what lies outside one's scope.
    /// </summary>
    private static void CheckCode(string takenRule, string what, string? value, CodeUse code)
    {
        Check.Rule(Rule.Of(takenRule, $"{what}已被使用：{value}", () => code == CodeUse.Taken));
        Check.Rule(Rule.Of("org.code-unavailable", $"该编码不可用，请换一个：{value}", () => code == CodeUse.Unavailable));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
