using Changxiao.Kernel.Access;
using Changxiao.Store;
using Changxiao.Store.Services;

namespace Changxiao.Web.Apis;

public static class JournalApi
{
    public static RouteGroupBuilder MapJournalApi(this RouteGroupBuilder api)
    {
        api.MapGet("/journal", async (long? beforeSeq, int? pageSize, string? entityType, HttpContext http, JournalService journal) =>
        {
            var (items, total) = await journal.ListAsync(await http.ActorAsync(), beforeSeq, pageSize ?? 50, entityType, http.RequestAborted);
            return new Page<JournalEntryDto>(items.Select(JournalEntryDto.From).ToList(), total);
        }).WithName("ListJournal");

        api.MapGet("/journal/verify", async (HttpContext http, ChangxiaoDb db) =>
        {
            new Scoped(db, await http.ActorAsync()).RequireGlobal(Permissions.JournalRead);
            return ChainReportDto.From(await JournalService.VerifyAsync(db, ct: http.RequestAborted));
        }).WithName("VerifyJournal");

        api.MapGet("/history/{entityType}/{id:guid}", async (string entityType, Guid id, HttpContext http, JournalService journal) =>
            (await journal.HistoryAsync(await http.ActorAsync(), entityType, id, http.RequestAborted)).Select(JournalEntryDto.From).ToList())
            .WithName("GetHistory");

        return api;
    }
}
