using Changxiao.Kernel.Org;
using Changxiao.Kernel.Rules;

namespace Changxiao.Kernel.Tests.Org;

/// <summary>Test data for the org decisions: a small kind list, a unit tree, and input builders with valid defaults.</summary>
internal static class OrgBuilders
{
    public static readonly UnitKinds Kinds = new(
    [
        new UnitKind("county", "县（市、区）", "County"),
        new UnitKind("township", "乡镇（街道）", "Township"),
        new UnitKind("court", "法院", "Court"),
        new UnitKind("village", "行政村", "Village"),
    ]);

    public static readonly Guid UnitId = Guid.Parse("0197a000-0000-7000-8000-000000000001");

    public static UnitInput Unit(string? code = "qx", string? name = "青溪县", string? kind = "county", Guid? parentId = null) =>
        new(code, name, kind, parentId);

    public static PersonInput Person(string? code = "P001", string? name = "张三", Guid? unitId = null, string? phone = null, string? email = null, bool noUnit = false) =>
        new(code, name, noUnit ? null : unitId ?? UnitId, phone, email);

    public static PostInput Post(string? title = "局长", string? rank = "top", Guid? unitId = null, Guid? holderId = null, bool noUnit = false) =>
        new(noUnit ? null : unitId ?? UnitId, title, rank, holderId);

    /// <summary>A unit view under <paramref name="parent"/> (or a root when null), its path built with <see cref="UnitPath.Of"/>.</summary>
    public static UnitView View(string code, UnitView? parent = null, string kind = "township", Guid? id = null)
    {
        var unitId = id ?? Guid.NewGuid();
        return new UnitView(unitId, code, code, kind, parent?.Id, UnitPath.Of(parent?.Path, unitId));
    }

    public static PersonView PersonView(Guid? id = null) => new(id ?? Guid.NewGuid(), "P001", "张三", UnitId, UnitPath.Of(null, UnitId));

    public static IReadOnlyDictionary<string, string[]> FieldErrors(Action act) =>
        Assert.Throws<FieldErrorsException>(act).Errors;

    /// <summary>Asserts that the input is refused with errors on exactly these fields.</summary>
    public static void AssertFieldErrors(Action act, params string[] fields) =>
        Assert.Equal(fields.Order(StringComparer.Ordinal), FieldErrors(act).Keys.Order(StringComparer.Ordinal));

    public static void AssertBroken(string code, Action act) =>
        Assert.Equal(code, Assert.Throws<BusinessRuleException>(act).Code);
}
