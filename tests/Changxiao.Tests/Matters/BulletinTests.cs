using System.Net;
using System.Text.Json.Nodes;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Matters;
using Changxiao.Store.Matters;
using Changxiao.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.DependencyInjection;

namespace Changxiao.Tests.Matters;

/// <summary>
/// The monthly bulletin: an efficiency complaint not accepted in time is listed by its ladder (1 working day after the
/// 1-working-day acceptance limit), and appears in that month's bulletin — as JSON and as a Word document.
/// </summary>
public abstract class BulletinTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TestApp
{
    /// <summary>
    /// An efficiency complaint received Friday 2025-09-26 and never accepted: due on Sunday 09-28, a 国庆 make-up working
    /// day; listed in the bulletin one working day later, 09-29. The clock is then moved past 国庆 and swept.
    /// </summary>
    internal static async Task<Guid> OverdueComplaintAsync(TestApp app)
    {
        var id = await app.ScopeAsync(async sp =>
        {
            var (id, _) = await sp.GetRequiredService<MatterService>().OpenAsync(Actor.System("test"), "efficiency-complaints", "complaint",
                new OpenInput(new Dictionary<string, JsonNode?> { ["channel"] = "投诉电话", ["category"] = "办事拖拉", ["content"] = "窗口办证一拖再拖" }, null, app.SectionA));
            return id;
        });
        var after = new DateTimeOffset(2025, 10, 9, 1, 0, 0, TimeSpan.Zero);
        if (app.Time.GetUtcNow() < after) app.Time.Advance(after - app.Time.GetUtcNow());
        await app.ScopeAsync(async sp =>
        {
            var matters = sp.GetRequiredService<MatterService>();
            while (await matters.SweepAsync() > 0) { }
            return true;
        });
        return id;
    }

    [Fact]
    public async Task OverdueComplaint_ListedByItsLadder_InThatMonthsBulletin_AndItsWordDocument()
    {
        var id = await OverdueComplaintAsync(app);

        var root = await app.LoginAsync("root");
        var september = (await root.GetAsync("/api/v1/matters/bulletin?pack=efficiency-complaints&month=2025-09").OkJson()).AsArray();
        var entry = Assert.Single(september, e => e!["matter"]!["id"]!.GetValue<string>() == id.ToString());
        Assert.Equal("2025-09-29", entry!["listedOn"]!.GetValue<string>());
        Assert.Equal("受理时限", entry["clockTitle"]!.GetValue<string>());
        Assert.Equal("red", entry["level"]!.GetValue<string>());
        var october = (await root.GetAsync("/api/v1/matters/bulletin?pack=efficiency-complaints&month=2025-10").OkJson()).AsArray();
        Assert.DoesNotContain(october, e => e!["matter"]!["id"]!.GetValue<string>() == id.ToString());

        var doc = await root.GetAsync("/api/v1/matters/bulletin/document?pack=efficiency-complaints&month=2025-09");
        Assert.Equal(HttpStatusCode.OK, doc.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", doc.Content.Headers.ContentType?.MediaType);
        using var word = WordprocessingDocument.Open(new MemoryStream(await doc.Content.ReadAsByteArrayAsync()), false);
        var problems = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(word).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems)); // a schema-valid document: Word and LibreOffice open it
        var text = word.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("关于2025年9月效能投诉超期未办事项的通报", text);
        Assert.Contains("青溪县", text); // issued in the county's name
        Assert.Contains(entry["matter"]!["number"]!.GetValue<string>(), text);
        Assert.Contains("窗口办证一拖再拖", text);
        Assert.Contains("9月29日", text);

        (await root.GetAsync("/api/v1/matters/bulletin?month=2025-13").Problem(HttpStatusCode.BadRequest)).ToString();

        // The bulletin lists only what the caller may see: an officer of 西岭镇党政办 does not get 东岭镇's complaint.
        var outside = await app.LoginAsync("b-user");
        var theirs = (await outside.GetAsync("/api/v1/matters/bulletin?pack=efficiency-complaints&month=2025-09").OkJson()).AsArray();
        Assert.DoesNotContain(theirs, e => e!["matter"]!["id"]!.GetValue<string>() == id.ToString());
        using var theirWord = WordprocessingDocument.Open(new MemoryStream(
            await outside.GetByteArrayAsync("/api/v1/matters/bulletin/document?pack=efficiency-complaints&month=2025-09")), false);
        Assert.DoesNotContain("窗口办证一拖再拖", theirWord.MainDocumentPart!.Document.Body!.InnerText);
    }
}

public sealed class BulletinTests_Sqlite(SqliteApp app) : BulletinTests<SqliteApp>(app);

public sealed class BulletinTests_Postgres(PostgresApp app) : BulletinTests<PostgresApp>(app);

/// <summary>
/// The documents a user downloads open in LibreOffice (the bulletin .docx, a list .xlsx) and their Chinese comes out as
/// text in the PDF it makes — real files, not just valid zips. test.sh installs LibreOffice and poppler-utils.
/// </summary>
public sealed class DocumentsInLibreOfficeTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static async Task<string> PdfTextAsync(byte[] file, string name)
    {
        var dir = Directory.CreateTempSubdirectory("cx-lo-").FullName;
        try
        {
            var input = Path.Combine(dir, name);
            await File.WriteAllBytesAsync(input, file);
            var soffice = File.Exists("/usr/bin/soffice") ? "/usr/bin/soffice" : throw new InvalidOperationException("LibreOffice is not installed: run ./test.sh");
            await RunAsync(soffice, $"--headless --norestore -env:UserInstallation=file://{dir}/profile --convert-to pdf --outdir {dir} {input}");
            var pdf = Path.ChangeExtension(input, ".pdf");
            Assert.True(File.Exists(pdf), $"LibreOffice did not convert {name}");
            await RunAsync("/usr/bin/pdftotext", $"-layout {pdf} {pdf}.txt");
            return await File.ReadAllTextAsync(pdf + ".txt");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task RunAsync(string exe, string args)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(cts.Token);
        Assert.True(p.ExitCode == 0, $"{exe} {args}: exit {p.ExitCode}\n{await output}\n{await error}");
    }

    [Fact]
    public async Task BulletinDocx_AndListXlsx_OpenInLibreOffice_WithTheirChinese()
    {
        await BulletinTests<SqliteApp>.OverdueComplaintAsync(app);
        var root = await app.LoginAsync("root");
        var docx = await root.GetByteArrayAsync("/api/v1/matters/bulletin/document?pack=efficiency-complaints&month=2025-09");
        var text = await PdfTextAsync(docx, "bulletin.docx");
        Assert.Contains("效能投诉超期未办事项的通报", text);
        Assert.Contains("窗口办证一拖再拖", text);

        var xlsx = await root.GetByteArrayAsync("/api/v1/matters/export?pack=efficiency-complaints");
        var sheet = await PdfTextAsync(xlsx, "list.xlsx");
        Assert.Contains("窗口办证一拖再拖", sheet);
        Assert.Contains("责任单位", sheet);
    }
}
