using Changxiao.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Changxiao.BrowserTests;

/// <summary>
/// The citizen portal in Chromium at phone size (375×812) with JavaScript off: fill the generated form, attach a
/// picture, submit, read the tracking code, and look the matter up with it. Screenshots in TestResults/screenshots.
/// </summary>
public sealed class PortalTests(SqliteApp app) : Chromium(needsConsole: false), IClassFixture<SqliteApp>
{
    private async Task<IPage> PhoneAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            Locale = "zh-CN", JavaScriptEnabled = false, ViewportSize = new() { Width = 375, Height = 812 }, IsMobile = true, HasTouch = true,
            DeviceScaleFactor = 2,
        });
        return await context.NewPageAsync();
    }

    private static async Task Shot(IPage page, string name)
    {
        var dir = Path.Combine(Environment.GetEnvironmentVariable("CHANGXIAO_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "screenshots"));
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    [Fact]
    public async Task Phone_NoJavaScript_SubmitLetter_ThenTrackIt()
    {
        var page = await PhoneAsync();
        await page.GotoAsync(new Uri(app.BaseAddress, "/portal").ToString());
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Shot(page, "portal-home");
        await page.GetByRole(AriaRole.Link, new() { Name = "群众来信" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("群众来信");

        await page.GetByLabel("投诉", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("来信内容").FillAsync("村口的桥栏杆断了两处，孩子上学经过很危险，请尽快修复。");
        await page.GetByLabel("发生日期").FillAsync("2025-09-20");
        await page.GetByLabel("情况紧急").CheckAsync();
        await page.GetByLabel("来信人姓名").FillAsync("陈晓");
        await page.GetByLabel("来信人电话").FillAsync("13600003333");
        await page.GetByLabel("证明材料").SetInputFilesAsync(new FilePayload
        {
            Name = "现场照片.png", MimeType = "image/png",
            Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
        });
        // Nothing on the page may be wider than the phone.
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 375, $"the form is {scrollWidth}px wide");
        await Shot(page, "portal-submit-form");
        await page.Locator("[data-test=submit]").ClickAsync();

        var code = page.Locator("[data-test=tracking-code]");
        await Assertions.Expect(code).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$"));
        var trackingCode = (await code.TextContentAsync())!.Trim();
        await Assertions.Expect(page.Locator("[data-test=matter-number]")).ToContainTextAsync("LX-");
        await Shot(page, "portal-submitted");

        // Straight to the status with the button, then again by typing the code, the way a citizen would later.
        await page.GetByRole(AriaRole.Button, new() { Name = "查看办理进度" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=matter-state]")).ToHaveTextAsync("已受理");
        await page.GotoAsync(new Uri(app.BaseAddress, "/portal/track").ToString());
        await page.GetByLabel("查询码").FillAsync(trackingCode.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=matter-state]")).ToHaveTextAsync("已受理");
        await Assertions.Expect(page.Locator("[data-test=matter-fields]")).ToContainTextAsync("投诉");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("陈晓");
        await Shot(page, "portal-track");

        // The office replies (here straight through the service); the citizen reads it and rates it with a plain form.
        await app.ScopeAsync(async sp =>
        {
            await using var db = app.Database.Open();
            var hash = Store.Services.Passwords.Sha256(trackingCode);
            var id = db.Set<Store.Model.MatterRow>().Single(m => m.TrackingHash == hash).Id;
            await sp.GetRequiredService<Store.Matters.MatterService>().ActAsync(Kernel.Access.Actor.System("test"), id, "reply",
                new Kernel.Matters.ActInput(new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["reply"] = "已安排维修，栏杆已于10月9日修复。" }));
            return true;
        });
        await page.GotoAsync(new Uri(app.BaseAddress, "/portal/track").ToString());
        await page.GetByLabel("查询码").FillAsync(trackingCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=matter-fields]")).ToContainTextAsync("已安排维修，栏杆已于10月9日修复。");
        await Shot(page, "portal-reply");
        var rate = page.Locator("[data-test=action-rate-satisfied]");
        await rate.GetByLabel("满意", new() { Exact = true }).CheckAsync();
        await rate.GetByRole(AriaRole.Button, new() { Name = "满意" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=matter-state]")).ToHaveTextAsync("已办结");
        await Shot(page, "portal-rated");

        // In the console, the county administrator opens the letter and downloads the citizen's picture — under a neutral
        // name, since the name the citizen gave it is for the intake role only.
        Guid matterId;
        await using (var db = app.Database.Open())
        {
            var hash = Store.Services.Passwords.Sha256(trackingCode);
            matterId = db.Set<Store.Model.MatterRow>().Single(m => m.TrackingHash == hash).Id;
        }
        var desk = await Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1366, Height = 820 } });
        var console = await desk.NewPageAsync();
        await console.GotoAsync(new Uri(app.BaseAddress, "/login").ToString());
        await console.Locator("[data-test=login-username]").FillAsync("root");
        await console.Locator("[data-test=login-password]").FillAsync(TestApp.Password);
        await console.Locator("[data-test=login-submit]").ClickAsync();
        await console.WaitForURLAsync(u => !u.Contains("/login"));
        await console.GotoAsync(new Uri(app.BaseAddress, $"/matters/tp/{matterId}").ToString());
        var link = console.Locator("[data-test=attachment-link]");
        await Assertions.Expect(link).ToHaveTextAsync("附件 1");
        await Shot(console, "console-matter-attachment");
        var file = await desk.APIRequest.GetAsync(new Uri(app.BaseAddress, (await link.GetAttributeAsync("href"))!).ToString());
        Assert.Equal(200, file.Status);
        Assert.Equal("image/png", file.Headers["content-type"]);
        Assert.Contains(Uri.EscapeDataString("附件1.png"), file.Headers["content-disposition"]);
        Assert.DoesNotContain(Uri.EscapeDataString("现场照片"), file.Headers["content-disposition"]);
        await desk.CloseAsync();

        await page.GotoAsync(new Uri(app.BaseAddress, "/portal/track").ToString());
        await page.GetByLabel("查询码").FillAsync("AAAA-BBBB-CCCC-DDDD");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=track-not-found]")).ToContainTextAsync("没有找到与该查询码对应的事项");
    }
}
