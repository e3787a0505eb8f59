using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;
using Changxiao.Kernel.Rules;
using Changxiao.Store;
using Changxiao.Store.Matters;
using Changxiao.Store.Model;
using Changxiao.Store.Portal;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Changxiao.Portal.Pages;

/// <summary>
/// /portal/submit/{pack}/{kind}: a form generated from the kind (PortalForms.CitizenFields), named or anonymous (when the
/// kind allows it), with attachments; the matter is opened as a citizen's and the tracking code shown once.
/// <para>
/// The hidden idempotency key makes a repeated POST (a double click, a reload, a retry on a bad network) show the same
/// tracking code instead of filing again: the key is recorded in the matter's own transaction.
/// </para>
/// <para>
/// Antiforgery is checked here rather than by the page filter, because the filter reads the body before this page can
/// raise the body limit for attachments; an oversized body then gets a plain answer instead of a bare 400.
/// </para>
/// </summary>
[IgnoreAntiforgeryToken]
[EnableRateLimiting(PortalSetup.SubmitPolicy)]
public sealed class SubmitModel(
    PackCatalog packs, MatterService matters, PortalSubmissions submissions, AttachmentStore files, PortalSettings settings,
    FieldCipher cipher, ChangxiaoDb db, IAntiforgery antiforgery, ILogger<SubmitModel> log) : PageModel
{
    public const string KeyField = "idempotencyKey";
    public const string AnonymousField = "anonymous";

    public Pack Pack { get; private set; } = null!;
    public MatterKind Kind { get; private set; } = null!;
    public IReadOnlyList<FieldDef> MatterFields { get; private set; } = [];
    public IReadOnlyList<FieldDef> ReporterFields { get; private set; } = [];
    public PortalSettings Settings => settings;
    public string IdempotencyKey { get; private set; } = "";
    public bool Anonymous { get; private set; }
    public bool Missing { get; private set; }

    /// <summary>Errors by field code, and those of the whole form.</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);
    public List<string> General { get; } = [];

    public string? TrackingCode { get; private set; }
    public string? Number { get; private set; }
    public bool Replayed { get; private set; }

    private IFormCollection? _form;

    public FieldView View(FieldDef f, bool reporter = false) => new(f,
        _form is null ? [] : _form[PortalForms.FieldPrefix + f.Code].Select(v => v ?? "").ToList(),
        Errors.GetValueOrDefault(f.Code) ?? [],
        f.Required && !reporter, settings.MaxFiles);

    public IActionResult OnGet(string pack, string kind)
    {
        if (!Load(pack, kind)) return Gone();
        IdempotencyKey = Guid.NewGuid().ToString("D");
        return Page();
    }

    // No handler parameters on purpose: binding them would read the body before the limit below is raised.
    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (!Load(RouteData.Values["pack"] as string, RouteData.Values["kind"] as string)) return Gone();
        if (HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = settings.MaxBodyBytes;
        IFormCollection form;
        try
        {
            form = await Request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = settings.MaxBodyBytes, ValueCountLimit = 500, ValueLengthLimit = 256 * 1024, KeyLengthLimit = 200,
            }, ct);
        }
        catch (InvalidDataException)
        {
            throw new BadHttpRequestException("form limits", StatusCodes.Status413PayloadTooLarge);
        }
        _form = form;

        IdempotencyKey = Guid.TryParse(form[KeyField], out var key) && key != Guid.Empty ? key.ToString("D") : "";
        try
        {
            await antiforgery.ValidateRequestAsync(HttpContext);
        }
        catch (AntiforgeryValidationException)
        {
            return Refused("页面已过期或来源不明，请核对内容后重新提交。");
        }
        if (IdempotencyKey.Length == 0) return Refused("表单缺少提交编号，请刷新页面后重新填写。");

        // The same key again: the same answer, nothing filed twice.
        if (await submissions.FindAsync(IdempotencyKey, ct) is { } earlier) return await FiledAsync(earlier.MatterId, earlier.TrackingCode, replayed: true, ct);

        Anonymous = Kind.Open.Anonymous && form[AnonymousField].Contains("true");
        var fields = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var f in MatterFields.Where(f => !PortalForms.IsAttachment(f)))
        {
            if (PortalForms.Read(f, form) is { } v) fields[f.Code] = v;
        }
        if (!Anonymous)
        {
            foreach (var f in ReporterFields)
            {
                if (PortalForms.Read(f, form) is { } v) fields[f.Code] = v;
            }
            if (ReporterFields.Count > 0 && !ReporterFields.Any(f => fields.ContainsKey(f.Code)))
                General.Add($"实名提交请至少填写{string.Join("或", ReporterFields.Select(f => "“" + f.Title.Zh + "”"))}" +
                            (Kind.Open.Anonymous ? "；不愿留名请勾选“匿名提交”。" : "。"));
        }

        var uploads = new List<(FieldDef Field, List<AttachmentStore.Checked> Files)>();
        var count = 0;
        foreach (var f in MatterFields.Where(PortalForms.IsAttachment))
        {
            var posted = form.Files.GetFiles(PortalForms.FilePrefix + f.Code).Where(x => !string.IsNullOrEmpty(x.FileName)).ToList();
            count += posted.Count;
            if (f.Type == FieldType.Attachment && posted.Count > 1) AddError(f.Code, "只能上传 1 个文件");
            var ok = new List<AttachmentStore.Checked>();
            foreach (var file in posted)
            {
                if (files.Check(file, out var c) is { } why) AddError(f.Code, why);
                else ok.Add(c!);
            }
            if (ok.Count > 0) uploads.Add((f, ok));
        }
        if (count > settings.MaxFiles) General.Add($"附件最多 {settings.MaxFiles} 个（现有 {count} 个）。");
        if (Errors.Count > 0 || General.Count > 0) return Refused();

        var saved = new List<string>();
        try
        {
            foreach (var (f, list) in uploads)
            {
                var ids = new List<string>();
                foreach (var c in list) ids.Add(await files.SaveAsync(c, ct));
                saved.AddRange(ids);
                fields[f.Code] = f.Type == FieldType.Attachment ? JsonValue.Create(ids[0]) : new JsonArray(ids.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
            }
            var unit = await ReceivingUnitAsync(ct);
            if (unit is null) return Refused("系统尚未设置受理单位，暂时无法受理，请通过其他渠道反映。");
            // A named citizen's name goes into the kind's confidential fields, never into the journal's actor.
            var actor = new Actor(null, null, Anonymous ? MatterService.AnonymousCitizen : "群众（实名）", []);
            var submissionKey = IdempotencyKey;
            var (id, code) = await matters.OpenAsync(actor, Pack.Id, Kind.Code, new OpenInput(fields, null, unit), citizen: true, ct: ct,
                alsoInTransaction: (w, matterId, tracking) => PortalSubmissions.RecordAsync(w, cipher, submissionKey, matterId, Pack.Id, Kind.Code, tracking!),
                uploaded: saved);
            return await FiledAsync(id, code!, replayed: false, ct);
        }
        catch (FieldErrorsException e)
        {
            files.Delete(saved);
            foreach (var (code, messages) in e.Errors)
            {
                if (Kind.Fields.ContainsKey(code) && CitizenFieldCodes().Contains(code)) Errors[code] = [.. messages];
                else General.Add($"{(Kind.Fields.TryGetValue(code, out var d) ? d.Title.Zh : code)}：{string.Join("；", messages)}");
            }
            return Refused();
        }
        catch (BusinessRuleException e)
        {
            files.Delete(saved);
            return Refused(e.Message);
        }
        catch (Exception e) when (e is DuplicateSubmissionException or DbUpdateException)
        {
            files.Delete(saved);
            // Another request with the same key committed first: show its code.
            if (await submissions.FindAsync(IdempotencyKey, ct) is { } first) return await FiledAsync(first.MatterId, first.TrackingCode, replayed: true, ct);
            log.LogError(e, "Portal submission failed");
            throw;
        }
        catch
        {
            files.Delete(saved);
            throw;
        }
    }

    private HashSet<string> CitizenFieldCodes() => MatterFields.Concat(ReporterFields).Select(f => f.Code).ToHashSet(StringComparer.Ordinal);

    private void AddError(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list)) Errors[field] = list = [];
        list.Add(message);
    }

    private PageResult Refused(string? message = null)
    {
        if (message is not null) General.Add(message);
        if (IdempotencyKey.Length == 0) IdempotencyKey = Guid.NewGuid().ToString("D");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<PageResult> FiledAsync(Guid id, string code, bool replayed, CancellationToken ct)
    {
        TrackingCode = code;
        Replayed = replayed;
        Number = await db.Set<MatterRow>().AsNoTracking().Where(m => m.Id == id).Select(m => m.Number).FirstOrDefaultAsync(ct);
        return Page();
    }

    private bool Load(string? packId, string? kindCode)
    {
        if (packId is null || kindCode is null || packs.CurrentOf(packId) is not { } pack
            || !pack.Kinds.TryGetValue(kindCode, out var kind) || !kind.Open.Citizens)
            return false;
        Pack = pack;
        Kind = kind;
        MatterFields = PortalForms.MatterFields(kind).Where(f => settings.MaxFiles > 0 || !PortalForms.IsAttachment(f)).ToList();
        ReporterFields = PortalForms.ReporterFields(kind);
        return true;
    }

    private PageResult Gone()
    {
        Missing = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary>The unit a submission goes to when the kind's routing does not decide: the configured one, else the org's root.</summary>
    private async Task<Guid?> ReceivingUnitAsync(CancellationToken ct)
    {
        var units = db.Units.AsNoTracking();
        if (settings.UnitCode is { } code) return await units.Where(u => u.Code == code).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        return await units.Where(u => u.Depth == 0).OrderBy(u => u.Code).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
    }
}
