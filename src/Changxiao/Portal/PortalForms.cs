using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;

namespace Changxiao.Portal;

/// <summary>
/// What the portal's forms show and read, decided from the pack alone (any pack, not one in particular).
/// </summary>
public static class PortalForms
{
    /// <summary>Field types a citizen can fill in a form (people, units and matters are chosen by officials).</summary>
    public static bool Fillable(FieldDef f) => f.Type switch
    {
        FieldType.Text or FieldType.Number or FieldType.Money or FieldType.Date or FieldType.Choice or FieldType.Bool or FieldType.Attachment => true,
        FieldType.List => f.ItemType is FieldType.Attachment or FieldType.Choice,
        _ => false,
    };

    public static bool IsAttachment(FieldDef f) => f.Type == FieldType.Attachment || (f.Type == FieldType.List && f.ItemType == FieldType.Attachment);

    /// <summary>
    /// The fields a citizen fills when filing a matter of <paramref name="kind"/>, in the pack's order: those required at
    /// opening, and those no action requires — a field an action requires (the reply, the conclusion, the rating) is the
    /// officials' or a later step's, and a field an action sets is too, unless it is an attachment (evidence both sides
    /// add). Confidential fields are the citizen's own identity and contact (they are the reporter); they are listed
    /// separately by <see cref="ReporterFields"/>.
    /// </summary>
    public static IReadOnlyList<FieldDef> CitizenFields(MatterKind kind)
    {
        var required = kind.Actions.Values.SelectMany(a => a.Requires).ToHashSet(StringComparer.Ordinal);
        var set = kind.Actions.Values.SelectMany(a => a.Sets).ToHashSet(StringComparer.Ordinal);
        return kind.Fields.Values
            .Where(Fillable)
            .Where(f => f.Required || (!required.Contains(f.Code) && (!set.Contains(f.Code) || IsAttachment(f))))
            .ToList();
    }

    public static IReadOnlyList<FieldDef> MatterFields(MatterKind kind) => CitizenFields(kind).Where(f => f.ConfidentialTo.Count == 0).ToList();

    public static IReadOnlyList<FieldDef> ReporterFields(MatterKind kind) => CitizenFields(kind).Where(f => f.ConfidentialTo.Count > 0 && !IsAttachment(f)).ToList();

    /// <summary>The fields of a citizen action's form: what it sets, where a citizen can fill it.</summary>
    public static IReadOnlyList<FieldDef> ActionFields(MatterKind kind, ActionDef action) =>
        action.Sets.Where(kind.Fields.ContainsKey).Select(c => kind.Fields[c]).Where(f => Fillable(f) && !IsAttachment(f)).ToList();

    public const string FieldPrefix = "f.";
    public const string FilePrefix = "a.";

    /// <summary>A text box or a text area: the texts the kernel takes in many lines get an area.</summary>
    public static bool Multiline(FieldDef f) => f.Type == FieldType.Text && MatterValues.Multiline(f);

    public static int MaxLength(FieldDef f) => f.MaxLength ?? MatterValues.DefaultTextMax;

    /// <summary>Reads one field of a posted form into the raw JSON the engine reads (it validates and normalises).</summary>
    public static JsonNode? Read(FieldDef f, IFormCollection form)
    {
        var name = FieldPrefix + f.Code;
        if (f.Type == FieldType.Bool) return JsonValue.Create(form[name].Any(v => v == "true"));
        if (f.Type == FieldType.List)
        {
            var items = form[name].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => (JsonNode?)JsonValue.Create(v!.Trim())).ToArray();
            return items.Length == 0 ? null : new JsonArray(items);
        }
        var text = form[name].FirstOrDefault();
        return string.IsNullOrWhiteSpace(text) ? null : JsonValue.Create(text);
    }

    /// <summary>A value as the portal shows it; null when there is nothing to show.</summary>
    public static string? Show(FieldDef f, JsonNode? value)
    {
        if (value is null || Confidential.IsMarker(value)) return null;
        if (value is JsonArray a)
        {
            if (IsAttachment(f)) return a.Count == 0 ? null : $"附件 {a.Count} 个";
            var items = a.Select(i => i is JsonValue v ? Scalar(f, v, f.ItemType ?? FieldType.Text) : null).Where(s => s is not null).ToList();
            return items.Count == 0 ? null : string.Join("、", items);
        }
        return value is JsonValue jv ? Scalar(f, jv, f.Type) : null;
    }

    private static string? Scalar(FieldDef f, JsonValue v, FieldType type)
    {
        switch (type)
        {
            case FieldType.Bool:
                return v.GetValueKind() == JsonValueKind.True ? "是" : "否";
            case FieldType.Money:
                return decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var m)
                    ? m.ToString("#,##0.00", CultureInfo.InvariantCulture) + " 元" : v.ToJsonString();
            case FieldType.Number:
                return decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? d.ToString("0.##########", CultureInfo.InvariantCulture) : v.ToJsonString();
            case FieldType.Attachment:
                return "附件 1 个";
            case FieldType.Person or FieldType.Unit or FieldType.Matter:
                return null; // ids mean nothing to a citizen, and people's names are not shown
            default:
                return v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
        }
    }

    /// <summary>
    /// A tracking code as typed: case, spaces and dashes do not matter. Null when it cannot be a code (16 characters
    /// of the code alphabet); the caller answers exactly as for an unknown code.
    /// </summary>
    public static string? NormaliseCode(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 64) return null;
        var chars = typed.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray();
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        if (chars.Length != 16 || chars.Any(c => !alphabet.Contains(c))) return null;
        var s = new string(chars);
        return $"{s[..4]}-{s[4..8]}-{s[8..12]}-{s[12..]}";
    }

    /// <summary>A date and time in China, as the portal shows it.</summary>
    public static string When(long atMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(atMs).ToOffset(Kernel.Calendar.ChinaDate.UtcOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Date(long atMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(atMs).ToOffset(Kernel.Calendar.ChinaDate.UtcOffset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>One field of a form as rendered by Pages/Shared/_Field.cshtml: its definition, the values posted back, its errors.</summary>
public sealed record FieldView(FieldDef Def, IReadOnlyList<string> Values, IReadOnlyList<string> Errors, bool Required, int MaxFiles = 1)
{
    public string Name => (PortalForms.IsAttachment(Def) ? PortalForms.FilePrefix : PortalForms.FieldPrefix) + Def.Code;
    public string Id => "fld-" + Def.Code;
    public string Value => Values.FirstOrDefault() ?? "";
}
