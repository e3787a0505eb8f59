using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Calendar;
using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Rules;

namespace Changxiao.Kernel.Matters;

/// <summary>
/// Reads field values and parties from a form, by the pack's types, into their normalised JSON form, and reads a
/// matter's values for the pack's conditions. Every error names the field and shows the bad value.
/// </summary>
public static class MatterValues
{
    /// <summary>The longest text accepted when the pack gives no <c>max</c>.</summary>
    public const int DefaultTextMax = 10_000;

    /// <summary>The longest attachment reference (an id the store gave the uploaded file).</summary>
    public const int AttachmentRefMax = 200;

    /// <summary>The longest comment on an action.</summary>
    public const int CommentMax = 2_000;

    /// <summary>The longest text that is one line: a name, a phone number, a title. Longer texts may run over lines.</summary>
    public const int OneLineMax = 100;

    /// <summary>
    /// Whether a text field holds many lines (tabs and line breaks allowed) or one (no line breaks, no bidirectional
    /// controls — <see cref="TextRules"/>): by its <c>max</c>, as the portal and the console draw it (text area or text box).
    /// </summary>
    public static bool Multiline(FieldDef def)
    {
        ArgumentNullException.ThrowIfNull(def);
        return (def.MaxLength ?? DefaultTextMax) > OneLineMax;
    }

    /// <summary>
    /// Normalises one value of <paramref name="def"/>'s type. Null, a blank text and an empty list mean "no value"
    /// (returned as null). Returns false with a message when the value is not of the type.
    /// </summary>
    public static bool TryNormalise(FieldDef def, JsonNode? raw, out JsonNode? value, out string error)
    {
        ArgumentNullException.ThrowIfNull(def);
        if (def.Type == FieldType.List)
        {
            value = null;
            error = "";
            if (raw is null)
            {
                return true;
            }

            if (raw is not JsonArray items)
            {
                error = $"应为列表：{Show(raw)}";
                return false;
            }

            var itemType = def.ItemType ?? FieldType.Text;
            if (itemType == FieldType.List)
            {
                error = "列表中不能再有列表";
                return false;
            }

            var list = new JsonArray();
            for (var i = 0; i < items.Count; i++)
            {
                if (!TryScalar(itemType, def, items[i], out var item, out var itemError))
                {
                    error = $"第 {i + 1} 项{itemError}";
                    return false;
                }

                if (item is not null)
                {
                    list.Add(item);
                }
            }

            value = list.Count == 0 ? null : list;
            return true;
        }

        return TryScalar(def.Type, def, raw, out value, out error);
    }

    private static bool TryScalar(FieldType type, FieldDef def, JsonNode? raw, out JsonNode? value, out string error)
    {
        value = null;
        error = "";
        if (raw is null)
        {
            return true;
        }

        var kind = raw is JsonValue ? raw.GetValueKind() : JsonValueKind.Undefined;
        var text = kind == JsonValueKind.String ? raw.GetValue<string>() : null;
        switch (type)
        {
            case FieldType.Text:
            {
                if (text is null)
                {
                    return Fail($"应为文字：{Show(raw)}", out error);
                }

                var t = text.Trim();
                var max = def.MaxLength ?? DefaultTextMax;
                if (t.Length > max)
                {
                    return Fail($"不能超过 {max} 个字符（现有 {t.Length} 个）", out error);
                }

                if (TextRules.Problem(text, Multiline(def)) is { } problem)
                {
                    return Fail(problem, out error);
                }

                value = t.Length == 0 ? null : JsonValue.Create(t);
                return true;
            }

            case FieldType.Number:
            case FieldType.Money:
            {
                var s = kind == JsonValueKind.Number ? raw.ToJsonString() : text?.Trim();
                if (s is null || !decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d))
                {
                    if (text is not null && text.Trim().Length == 0)
                    {
                        return true; // a blank form box: no value
                    }

                    return Fail($"应为数字：{Show(raw)}", out error);
                }

                if (type == FieldType.Money && d.Scale > 2 && decimal.Round(d, 2) != d)
                {
                    return Fail($"金额最多两位小数（元、角、分）：{Show(raw)}", out error);
                }

                value = JsonValue.Create(type == FieldType.Money ? decimal.Round(d, 2) : d);
                return true;
            }

            case FieldType.Date:
            {
                if (text is not null && text.Trim().Length == 0)
                {
                    return true;
                }

                if (text is null || !ChinaDate.TryParse(text.Trim(), out var date))
                {
                    return Fail($"应为日期（YYYY-MM-DD）：{Show(raw)}", out error);
                }

                value = JsonValue.Create(ChinaDate.Format(date));
                return true;
            }

            case FieldType.Choice:
            {
                // A choice such as 12380 may arrive as a JSON number.
                var t = kind == JsonValueKind.Number ? raw.ToJsonString() : text?.Trim();
                if (t is not null && t.Length == 0)
                {
                    return true;
                }

                if (t is null || !def.Options.Contains(t))
                {
                    return Fail($"应为以下之一：{string.Join("、", def.Options)}（收到 {Show(raw)}）", out error);
                }

                value = JsonValue.Create(t);
                return true;
            }

            case FieldType.Person:
            case FieldType.Unit:
            case FieldType.Matter:
            {
                var t = text?.Trim();
                if (t is not null && t.Length == 0)
                {
                    return true;
                }

                if (t is null || !Guid.TryParse(t, out var id) || id == Guid.Empty)
                {
                    return Fail($"应为编号（GUID）：{Show(raw)}", out error);
                }

                value = JsonValue.Create(id.ToString("D"));
                return true;
            }

            case FieldType.Attachment:
            {
                var t = text?.Trim();
                if (t is null || t.Length > AttachmentRefMax || TextRules.Problem(t, multiline: false) is not null)
                {
                    return Fail($"应为附件编号（不超过 {AttachmentRefMax} 个字符）：{Show(raw)}", out error);
                }

                value = t.Length == 0 ? null : JsonValue.Create(t);
                return true;
            }

            case FieldType.Bool:
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Fail($"应为 true 或 false：{Show(raw)}", out error);
                }

                value = JsonValue.Create(kind == JsonValueKind.True);
                return true;

            default:
                return Fail($"不支持的字段类型 {type}", out error);
        }
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }

    /// <summary>A bad value as the message shows it: its JSON, cut to 50 characters.</summary>
    private static string Show(JsonNode? raw)
    {
        var s = raw?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
        return s.Length <= 50 ? s : s[..50] + "…";
    }

    /// <summary>Field values read from a form: public ones (confidential ones as the marker) and the confidential values.</summary>
    internal sealed record ReadFields(Dictionary<string, JsonNode?> Public, Dictionary<string, JsonNode?> Secret);

    /// <summary>
    /// Reads the form's fields into <see cref="ReadFields"/>. Unknown fields, fields outside <paramref name="allowed"/>
    /// (when given) and badly typed values are added to <paramref name="errors"/>. A cleared confidential field is
    /// null in both dictionaries.
    /// </summary>
    internal static ReadFields Read(MatterKind kind, IReadOnlyDictionary<string, JsonNode?>? input, Check.Fields errors, IReadOnlyCollection<string>? allowed)
    {
        var pub = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var secret = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (code, raw) in input ?? new Dictionary<string, JsonNode?>())
        {
            if (!kind.Fields.TryGetValue(code, out var def))
            {
                errors.Add(code, $"「{kind.Title.Zh}」没有这个字段");
                continue;
            }

            if (allowed is not null && !allowed.Contains(code))
            {
                errors.Add(code, "此操作不能修改这个字段");
                continue;
            }

            if (!TryNormalise(def, raw, out var value, out var error))
            {
                errors.Add(code, error);
                continue;
            }

            if (def.ConfidentialTo.Count > 0)
            {
                secret[code] = value;
                pub[code] = value is null ? null : Confidential.Marker();
            }
            else
            {
                pub[code] = value;
            }
        }

        return new ReadFields(pub, secret);
    }

    /// <summary>
    /// Reads the form's parties: the party must exist (and be in <paramref name="allowed"/> when given), hold ids and
    /// not citizens, at most one id unless the party allows many, no empty or repeated id.
    /// </summary>
    internal static Dictionary<string, IReadOnlyList<Guid>> ReadParties(
        MatterKind kind, IReadOnlyDictionary<string, IReadOnlyList<Guid>>? input, Check.Fields errors, IReadOnlyCollection<string>? allowed)
    {
        var result = new Dictionary<string, IReadOnlyList<Guid>>(StringComparer.Ordinal);
        foreach (var (code, ids) in input ?? new Dictionary<string, IReadOnlyList<Guid>>())
        {
            if (!kind.Parties.TryGetValue(code, out var def))
            {
                errors.Add(code, $"「{kind.Title.Zh}」没有这个当事方");
                continue;
            }

            if (allowed is not null && !allowed.Contains(code))
            {
                errors.Add(code, "此操作不能修改这个当事方");
                continue;
            }

            var list = ids ?? [];
            if (def.Type == PartyType.Citizen && list.Count > 0)
            {
                errors.Add(code, "群众不以编号登记（由查询码识别）");
                continue;
            }

            if (!def.Many && list.Count > 1)
            {
                errors.Add(code, $"只能有一个{(def.Type == PartyType.Unit ? "单位" : "人")}（收到 {list.Count} 个）");
                continue;
            }

            if (list.Any(id => id == Guid.Empty))
            {
                errors.Add(code, "编号不能为空");
                continue;
            }

            if (list.Distinct().Count() != list.Count)
            {
                errors.Add(code, "同一人不能重复列出");
                continue;
            }

            result[code] = list.ToArray();
        }

        return result;
    }

    /// <summary>
    /// The value a pack condition sees for <paramref name="name"/>: <c>state</c>; a field (text and choice as strings,
    /// numbers as decimals, bool as <c>true</c>/<c>false</c>, a list as its items joined by commas, a confidential
    /// field as <c>***</c> — it has a value, and nothing more is known); a party (its ids joined by commas); else null.
    /// </summary>
    public static Func<string, object?> ConditionReader(
        string state, IReadOnlyDictionary<string, JsonNode?> fields, IReadOnlyDictionary<string, IReadOnlyList<Guid>> parties) =>
        name =>
        {
            if (name == "state")
            {
                return state;
            }

            if (fields.TryGetValue(name, out var node))
            {
                return Scalar(node);
            }

            return parties.TryGetValue(name, out var ids) && ids.Count > 0 ? string.Join(",", ids) : null;
        };

    private static object? Scalar(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray a:
                var items = a.Select(i => Scalar(i) switch
                {
                    null => null,
                    decimal d => d.ToString(CultureInfo.InvariantCulture),
                    var o => o.ToString(),
                }).Where(s => !string.IsNullOrEmpty(s)).ToArray();
                return items.Length == 0 ? null : string.Join(",", items);
            case JsonObject when Confidential.IsMarker(node):
                return "***";
            case JsonValue v:
                return v.GetValueKind() switch
                {
                    JsonValueKind.String => v.GetValue<string>(),
                    JsonValueKind.Number => decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : v.ToJsonString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => null,
                };
            default:
                return node.ToJsonString();
        }
    }

    /// <summary>A date field's value, when it has a public one.</summary>
    internal static DateOnly? DateOf(IReadOnlyDictionary<string, JsonNode?> fields, string code) =>
        fields.TryGetValue(code, out var node) && node is JsonValue v && v.GetValueKind() == JsonValueKind.String
        && ChinaDate.TryParse(v.GetValue<string>(), out var d)
            ? d
            : null;

    /// <summary>The ids a person, unit or matter field (or a list of them) holds.</summary>
    internal static IEnumerable<Guid> IdsOf(JsonNode? node) => node switch
    {
        JsonArray a => a.SelectMany(IdsOf),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && Guid.TryParse(v.GetValue<string>(), out var id) => [id],
        _ => [],
    };
}
