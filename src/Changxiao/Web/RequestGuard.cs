using System.Text.Json;
using Changxiao.Kernel.Rules;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace Changxiao.Web;

/// <summary>
/// The web server's guard for text that reaches no kernel decision — a login body, a search word, a route value, a token
/// name, a portal form posted as <c>application/x-www-form-urlencoded</c> — with the kernel's one rule (<see cref="TextRules"/>):
/// a value that is not text is a field error naming the JSON path, query parameter, route value or form field, before any
/// handler runs (so neither database ever sees it). Query and route values are one line (words and ids); a JSON string
/// or a form value may be many, and the kernel decides per field whether a name may hold a line break. Multipart forms (the
/// portal's submission, the org import) are read by their handlers under their own limits; their text reaches the
/// kernel's field checks (matter fields, org decisions).
/// <para>
/// It also answers for a JSON body that is not there: an endpoint that takes one gets a 400 naming <c>body</c> for an empty
/// or <c>null</c> body instead of the framework's message with a parameter's type name.
/// </para>
/// </summary>
public static class RequestGuard
{
    /// <summary>At most this many values are reported: enough to fix a form, too few to make a large answer.</summary>
    private const int MaxErrors = 20;

    public static IApplicationBuilder UseRequestGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, values) in http.Request.Query)
        {
            Check(errors, key, key, multiline: false);
            foreach (var v in values) Check(errors, key, v, multiline: false);
        }
        foreach (var (key, value) in http.Request.RouteValues)
            Check(errors, key, value as string, multiline: false);

        if (TakesJsonBody(http))
            await CheckJsonBodyAsync(http, errors);
        else if (http.Request.HasFormContentType && !http.Request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            await CheckFormAsync(http, errors);

        if (errors.Count > 0) throw new FieldErrorsException(errors);
        await next(http);
    });

    /// <summary>The endpoint binds a required JSON body (routing chose it, so the request says it is JSON).</summary>
    private static bool TakesJsonBody(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { IsOptional: false } accepts
        && accepts.ContentTypes.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase));

    private static async Task CheckJsonBodyAsync(HttpContext http, Dictionary<string, string[]> errors)
    {
        // Read once here (the server's body limit applies to this read: 413) and handed to the handler from memory.
        var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        buffer.Position = 0;
        http.Request.Body = buffer;
        http.Response.RegisterForDispose(buffer);
        var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (IsMissing(json.Span)) throw MissingBody();
        Walk(json.Span, errors);
    }

    private static FieldErrorsException MissingBody() => FieldErrorsException.One("body", "必填：请求体应为 JSON 对象");

    /// <summary>Empty, blank or the literal <c>null</c>.</summary>
    private static bool IsMissing(ReadOnlySpan<byte> json)
    {
        var t = json.Trim(" \t\r\n"u8);
        return t.IsEmpty || t.SequenceEqual("null"u8);
    }

    /// <summary>
    /// Checks every property name and string value, naming each bad one by its JSON path (<c>fields.content</c>,
    /// <c>parties.handler[0]</c>). Malformed JSON is left to the handler's reader, which names where it broke.
    /// </summary>
    private static void Walk(ReadOnlySpan<byte> json, Dictionary<string, string[]> errors)
    {
        var reader = new Utf8JsonReader(json);
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = Text(ref reader, frames, errors);
                        frames[^1] = frames[^1] with { Property = name ?? "?" };
                        if (name is not null) Check(errors, PathOf(frames), name, multiline: false);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray, 0, null));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        Next(frames);
                        break;
                    case JsonTokenType.String:
                        if (Text(ref reader, frames, errors) is { } value) Check(errors, PathOf(frames), value, multiline: true);
                        Next(frames);
                        break;
                    default:
                        Next(frames);
                        break;
                }
                if (errors.Count >= MaxErrors) return;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the handler's reader answers 400 with where it broke.
        }
    }

    /// <summary>A string token, or null after reporting one that is not text (half of a surrogate pair, escaped).</summary>
    private static string? Text(ref Utf8JsonReader reader, List<Frame> frames, Dictionary<string, string[]> errors)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            errors.TryAdd(PathOf(frames), ["含有不成对的代理项（\\uD800–\\uDFFF），不是有效的文字"]);
            return null;
        }
    }

    private sealed record Frame(bool Array, int Index, string? Property);

    /// <summary>A value of an array is done: the next one has the next index.</summary>
    private static void Next(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].Array) frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
    }

    private static string PathOf(List<Frame> frames)
    {
        var path = new System.Text.StringBuilder();
        foreach (var f in frames)
        {
            if (f.Array) path.Append('[').Append(f.Index).Append(']');
            else if (f.Property is not null) path.Append(path.Length == 0 ? "" : ".").Append(f.Property);
        }
        return path.Length == 0 ? "body" : Printable(path.ToString());
    }

    private static async Task CheckFormAsync(HttpContext http, Dictionary<string, string[]> errors)
    {
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            // The framework's form reader refuses a NUL itself, and too many or too long fields, without saying which.
            throw FieldErrorsException.One("form", "表单无法读取：含有不能输入的字符（如 U+0000），或字段过多、过长");
        }
        foreach (var (key, values) in form)
        {
            Check(errors, key, key, multiline: false);
            foreach (var v in values) Check(errors, key, v, multiline: true);
        }
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? value, bool multiline)
    {
        if (errors.Count < MaxErrors && TextRules.Problem(value, multiline) is { } problem) errors.TryAdd(Printable(field), [problem]);
    }

    /// <summary>A field's name as an answer can show it: characters that are not text become U+FFFD.</summary>
    private static string Printable(string name) =>
        TextRules.Problem(name, multiline: false) is null ? name
            : string.Concat(name.Select(c => TextRules.Problem(c.ToString(), multiline: false) is null ? c : '\uFFFD'));

    /// <summary>
    /// What an /api path that no endpoint took gets: 404 when no endpoint has the path, 405 (with <c>Allow</c>) when none
    /// takes the method, and otherwise — routing passed the endpoint over because of its body — 400 naming the body when
    /// there is none, 415 when it is not JSON. The framework would answer all of these "no such endpoint".
    /// </summary>
    public static IResult Unmatched(HttpContext http)
    {
        var path = http.Request.Path;
        var method = http.Request.Method;
        var resolver = http.RequestServices.GetRequiredService<IInlineConstraintResolver>();
        var candidates = http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.Parameters.Any(p => p.IsCatchAll) && Matches(e.RoutePattern, path, http, resolver))
            .ToList();
        if (candidates.Count == 0) return Results.Problem(statusCode: 404, title: "没有这个接口");
        var methods = candidates.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Distinct().ToList();
        if (!methods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            http.Response.Headers.Allow = string.Join(", ", methods);
            return Results.Problem(statusCode: 405, title: $"该接口不支持 {method} 请求", detail: $"可用的方法：{string.Join("、", methods)}",
                extensions: new Dictionary<string, object?> { ["code"] = "request.method" });
        }
        var hasBody = http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0;
        if (!hasBody) throw MissingBody();
        return Results.Problem(statusCode: 415, title: "请求体应为 JSON（Content-Type: application/json）",
            detail: $"收到的类型：{Printable(http.Request.ContentType ?? "（未注明）")}", extensions: new Dictionary<string, object?> { ["code"] = "request.media-type" });
    }

    private static bool Matches(RoutePattern pattern, PathString path, HttpContext http, IInlineConstraintResolver resolver)
    {
        var values = new RouteValueDictionary();
        if (!new TemplateMatcher(new RouteTemplate(pattern), new RouteValueDictionary()).TryMatch(path, values)) return false;
        // {id:guid} and the like: a path that breaks a constraint names no endpoint.
        foreach (var (name, policies) in pattern.ParameterPolicies)
        {
            foreach (var policy in policies)
            {
                if (policy.Content is { } content && resolver.ResolveConstraint(content) is { } constraint
                    && !constraint.Match(http, null, name, values, RouteDirection.IncomingRequest))
                    return false;
            }
        }
        return true;
    }
}
