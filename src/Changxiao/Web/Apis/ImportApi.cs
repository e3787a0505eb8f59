using Changxiao.Import;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Rules;
using Changxiao.Store;
using Microsoft.AspNetCore.Mvc;

namespace Changxiao.Web.Apis;

public static class ImportApi
{
    /// <summary>Org files may be large (100,000 people is ~4 MB of xlsx); everything else keeps the 1 MB default. What a file
    /// holds inside is bounded while it is read (<see cref="ImportLimits"/>): past a bound the answer is 413 import.too-large.</summary>
    public const long MaxImportBytes = 64L * 1024 * 1024;

    public static RouteGroupBuilder MapImportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/import/org/template", () =>
        {
            var ms = new MemoryStream();
            OrgTemplate.Write(ms);
            ms.Position = 0;
            return TypedResults.File(ms, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "组织机构导入模板.xlsx");
        }).WithName("DownloadOrgTemplate");

        api.MapPost("/import/org", async (IFormFile? file, HttpContext http, OrgImporter importer, ChangxiaoDb db) =>
        {
            var actor = await http.ActorAsync();
            new Scoped(db, actor).Require(Permissions.OrgWrite);
            if (file is null || file.Length == 0) throw FieldErrorsException.One("file", "请选择要导入的 .xlsx 或 .csv 文件");
            await using var stream = file.OpenReadStream();
            var parsed = OrgFileReader.Read(stream, file.FileName);
            return await importer.ImportAsync(actor, parsed, ct: http.RequestAborted);
        }).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes),
            new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxImportBytes }).WithName("ImportOrg");

        return api;
    }
}
