using System.Text.Json;
using Changxiao.Import;
using Changxiao.Kernel.Rules;
using Changxiao.Store.Services;
using Microsoft.AspNetCore.Diagnostics;

namespace Changxiao.Web;

/// <summary>
/// The one place where errors become HTTP: field errors → 400, broken rule → 409 with its code,
/// unknown → 404, forbidden → 403, login refusals → 401, oversized body → 413. Nothing else —
/// no stack trace, no SQL — reaches a client.
/// </summary>
public sealed class ErrorTranslator(ILogger<ErrorTranslator> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var result = exception switch
        {
            FieldErrorsException e => Results.ValidationProblem(e.Errors.ToDictionary(k => k.Key, k => k.Value), title: "输入有误",
                extensions: Code("validation")),
            ImportFileException e => Results.Problem(statusCode: e.IsTooLarge ? 413 : 400, title: e.Title, detail: e.Detail,
                extensions: new Dictionary<string, object?> { ["code"] = e.Code, ["errors"] = e.Errors }),
            BusinessRuleException e => Results.Problem(statusCode: 409, title: e.Message, extensions: Code(e.Code)),
            NotFoundException e => NotFound(e),
            ForbiddenException e => Results.Problem(statusCode: 403, title: "没有权限", detail: e.Message, extensions: Code("forbidden")),
            UnauthenticatedException e => Results.Problem(statusCode: 401, title: e.Message, extensions: Code("auth.required")),
            AuthException e => Results.Problem(statusCode: 401, title: e.Message, extensions: Code(e.Code)),
            BadHttpRequestException e => BadRequest(e),
            Kernel.Calendar.ClockException e => Results.Problem(statusCode: 409, title: e.Message, extensions: Code(e.Code)),
            _ => null,
        };
        if (result is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            result = Results.Problem(statusCode: 500, title: "服务器内部错误", detail: $"请联系管理员，追踪号 {http.TraceIdentifier}");
        }
        await result.ExecuteAsync(http);
        return true;
    }

    /// <summary>
    /// The same words whether the thing does not exist or the caller may not see it (an id of another township is not
    /// confirmed), and never the id itself; <c>entity</c> says what kind of thing the id was taken for.
    /// </summary>
    private static IResult NotFound(NotFoundException e) =>
        Results.Problem(statusCode: 404, title: "未找到", detail: $"{EntityTitle(e.Entity)}不存在，或您无权查看",
            extensions: new Dictionary<string, object?> { ["code"] = "not-found", ["entity"] = e.Entity });

    private static string EntityTitle(string entity) => entity switch
    {
        "unit" => "单位",
        "person" => "人员",
        "post" => "岗位",
        "account" => "账号",
        "role-assignment" => "角色授权",
        "token" => "令牌",
        "matter" => "事项",
        "pack" => "机制包",
        "kind" or "matter kind" => "事项类型",
        "action" => "操作",
        "attachment" => "附件",
        "notification" => "通知",
        _ => "所查找的对象",
    };

    private static IResult BadRequest(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return Results.Problem(statusCode: 413, title: "请求体过大", extensions: Code("request.too-large"));
        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return Results.Problem(statusCode: 415, title: "请求体应为 JSON（Content-Type: application/json）", extensions: Code("request.media-type"));
        // Malformed JSON: name the field (JSON path) where the reader stopped.
        if (e.InnerException is JsonException je)
        {
            var field = string.IsNullOrEmpty(je.Path) || je.Path == "$" ? "$" : je.Path.TrimStart('$', '.');
            return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"JSON 格式错误（第 {je.LineNumber + 1} 行）"] },
                title: "请求体不是有效的 JSON", extensions: Code("request.malformed"));
        }
        return Results.Problem(statusCode: e.StatusCode, title: "请求有误", detail: e.Message.Split('\n')[0], extensions: Code("request.bad"));
    }

    private static Dictionary<string, object?> Code(string code) => new() { ["code"] = code };
}
