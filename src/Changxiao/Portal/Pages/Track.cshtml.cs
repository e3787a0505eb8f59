using System.Text.Json.Nodes;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Rules;
using Changxiao.Store.Matters;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Changxiao.Portal.Pages;

/// <summary>
/// /portal/track: a tracking code (POSTed, never in the address) shows the matter — see PortalTracking for what is
/// shown — and the actions a citizen may take now (the pack's actions <c>by: citizen</c>, e.g. a satisfaction rating).
/// A wrong code, a malformed one and a matter that is gone all get the same answer; look-ups are rate-limited.
/// </summary>
[EnableRateLimiting(PortalSetup.TrackPolicy)]
public sealed class TrackModel(PortalTracking tracking, MatterService matters) : PageModel
{
    public const string NotFoundText = "没有找到与该查询码对应的事项。请核对查询码（不区分大小写，短横线可省略）后重试。";

    [BindProperty]
    public string? Code { get; set; }

    public string? NormalisedCode { get; private set; }
    public PortalTracking.View? Matter { get; private set; }
    public bool Unmatched { get; private set; }
    public string? Done { get; private set; }

    /// <summary>The action whose form failed, its errors by field and in general, and the values posted back.</summary>
    public string? FailedAction { get; private set; }
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);
    public List<string> General { get; } = [];

    public FieldView View(FieldDef f, string action) => new(f,
        FailedAction == action ? Request.Form[PortalForms.FieldPrefix + f.Code].Select(v => v ?? "").ToList() : [],
        FailedAction == action ? Errors.GetValueOrDefault(f.Code) ?? [] : [],
        false);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync() => await ShowAsync(HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostActAsync(string? act)
    {
        var ct = HttpContext.RequestAborted;
        NormalisedCode = PortalForms.NormaliseCode(Code);
        if (await tracking.FindAsync(NormalisedCode, ct) is not { } id) return Unknown();
        var before = await tracking.ViewAsync(id, ct);
        var chosen = before.Actions.FirstOrDefault(a => a.Action.Code == act);
        if (chosen is null)
        {
            General.Add("该操作目前不能进行（可能已经办理过），请查看最新状态。");
        }
        else
        {
            var fields = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var f in chosen.Fields)
            {
                if (PortalForms.Read(f, Request.Form) is { } v) fields[f.Code] = v;
            }
            var confirmed = Request.Form["confirmed"].Contains("true");
            try
            {
                await matters.ActAsCitizenAsync(NormalisedCode!, chosen.Action.Code, new ActInput(fields, Confirmed: confirmed), ct);
                Done = $"已提交：{chosen.Action.Title.Zh}。";
            }
            catch (FieldErrorsException e)
            {
                FailedAction = chosen.Action.Code;
                foreach (var (code, messages) in e.Errors)
                {
                    if (chosen.Fields.Any(f => f.Code == code)) Errors[code] = [.. messages];
                    else General.Add(string.Join("；", messages));
                }
            }
            catch (BusinessRuleException e)
            {
                FailedAction = chosen.Action.Code;
                General.Add(e.Code == MatterRuleCodes.ConfirmRequired ? $"请先勾选确认：{chosen.Action.Confirm?.Zh}" : e.Message);
            }
        }
        Matter = await tracking.ViewAsync(id, ct);
        if (General.Count > 0 || Errors.Count > 0) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        NormalisedCode = PortalForms.NormaliseCode(Code);
        if (await tracking.FindAsync(NormalisedCode, ct) is not { } id) return Unknown();
        Matter = await tracking.ViewAsync(id, ct);
        return Page();
    }

    private PageResult Unknown()
    {
        Unmatched = true;
        NormalisedCode = null;
        return Page();
    }
}
