using Changxiao.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Changxiao.BrowserTests;

/// <summary>
/// Debian's Chromium, headless, against the real server and the built console. Screenshots go to
/// TestResults/screenshots so a person can look at what the tests saw.
/// </summary>
public sealed class ConsoleTests(SqliteApp app) : Chromium(needsConsole: true), IClassFixture<SqliteApp>
{
    private async Task<IPage> LoginAsync(string user)
    {
        // Reduced motion: charts are drawn at once, so a screenshot shows them whole.
        var context = await Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1366, Height = 820 }, ReducedMotion = ReducedMotion.Reduce });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.BaseAddress, "/login").ToString());
        await page.Locator("[data-test=login-username]").FillAsync(user);
        await page.Locator("[data-test=login-password]").FillAsync(TestApp.Password);
        await page.Locator("[data-test=login-submit]").ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login"));
        return page;
    }

    private static async Task Shot(IPage page, string name)
    {
        var dir = Path.Combine(Environment.GetEnvironmentVariable("CHANGXIAO_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "screenshots"));
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    [Fact]
    public async Task Login_ThenOrgTree_ShowsTheCountyInChinese()
    {
        var page = await LoginAsync("root");
        await Shot(page, "home");
        await page.Locator("[data-test=nav-org]").ClickAsync();
        var tree = page.Locator("[data-test=org-tree]");
        await Assertions.Expect(tree).ToContainTextAsync("青溪县");
        await Assertions.Expect(tree).ToContainTextAsync("东岭镇");
        await Assertions.Expect(tree).ToContainTextAsync("西岭镇");
        await page.Locator("[data-test=org-filter] input, input[data-test=org-filter]").First.FillAsync("东岭镇党政办");
        await tree.GetByText("东岭镇党政办", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=people-table]")).ToContainTextAsync("张伟");
        await Shot(page, "org");
    }

    [Fact]
    public async Task TownshipAdmin_OrgTree_HasNoOtherTownship()
    {
        var page = await LoginAsync("a-admin");
        await page.Locator("[data-test=nav-org]").ClickAsync();
        var tree = page.Locator("[data-test=org-tree]");
        await Assertions.Expect(tree).ToContainTextAsync("东岭镇");
        await Assertions.Expect(tree).Not.ToContainTextAsync("西岭镇");
        await Assertions.Expect(page.Locator("[data-test=nav-journal]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Journal_VerifyButton_ReportsChainIntact()
    {
        var page = await LoginAsync("root");
        await page.Locator("[data-test=nav-journal]").ClickAsync();
        await page.Locator("[data-test=journal-verify]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=journal-verify-result]")).ToContainTextAsync("校验通过");
        await Shot(page, "journal");
    }

    [Fact]
    public async Task LanguageSwitch_English_MenuInEnglish()
    {
        var page = await LoginAsync("root");
        await page.Locator("[data-test=lang-switch]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=nav-org]")).ToContainTextAsync("Org");
        await page.Locator("[data-test=lang-switch]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=nav-org]")).ToContainTextAsync("组织");
    }

    [Fact]
    public async Task WrongPassword_ShowsServerMessage()
    {
        var context = await Browser.NewContextAsync(new() { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.BaseAddress, "/login").ToString());
        await page.Locator("[data-test=login-username]").FillAsync("root");
        await page.Locator("[data-test=login-password]").FillAsync("wrong-password-1");
        await page.Locator("[data-test=login-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=login-error]")).ToContainTextAsync("用户名或密码错误");
        await Shot(page, "login-error");
    }

    [Fact]
    public async Task AddChildUnit_ThroughDialog_AppearsInTreeAndHistory()
    {
        var page = await LoginAsync("a-admin");
        await page.Locator("[data-test=nav-org]").ClickAsync();
        var tree = page.Locator("[data-test=org-tree]");
        await tree.GetByText("东岭镇", new() { Exact = true }).ClickAsync();
        await page.Locator("[data-test=unit-add-child]").ClickAsync();
        var code = "UI-" + Guid.NewGuid().ToString("N")[..6];
        await page.Locator("[data-test=unit-code] input, input[data-test=unit-code]").First.FillAsync(code);
        await page.Locator("[data-test=unit-name] input, input[data-test=unit-name]").First.FillAsync("东岭镇应急管理办");
        await page.Locator("[data-test=unit-kind]").ClickAsync();
        await page.Locator(".el-select-dropdown__item").GetByText("股室（庭室、科室）").ClickAsync();
        await page.Locator("[data-test=unit-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=org-filter] input, input[data-test=org-filter]").First).ToBeVisibleAsync();
        await page.Locator("[data-test=org-filter] input, input[data-test=org-filter]").First.FillAsync("应急管理办");
        await Assertions.Expect(tree).ToContainTextAsync("东岭镇应急管理办");
        await Shot(page, "org-added");
        // The write went through the kernel: the unit has its journal history.
        var root = await app.LoginAsync("root");
        var units = (await root.GetAsync("/api/v1/units").OkJson()).AsArray();
        var id = units.Single(u => u!["code"]!.GetValue<string>() == code)!["id"]!.GetValue<string>();
        var history = (await root.GetAsync($"/api/v1/history/unit/{id}").OkJson()).AsArray();
        Assert.Equal("unit.created", history.Single()!["type"]!.GetValue<string>());
        Assert.StartsWith("a-admin", history.Single()!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task AccountsAndImportPages_RenderInChinese()
    {
        var page = await LoginAsync("root");
        await page.Locator("[data-test=nav-accounts]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=accounts-table]")).ToContainTextAsync("a-admin");
        await Shot(page, "accounts");
        await page.Locator("[data-test=nav-import]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=import-template]")).ToBeVisibleAsync();
        await Shot(page, "import");
    }

    [Fact]
    public async Task MattersDashboard_RedAndYellow_DrillIntoTheList()
    {
        var start = app.Time.GetUtcNow();
        try
        {
            // Two complaints now, two more three days later; then the day the first two are overdue (red) and the
            // others are in their warning days (yellow), swept as the server's sweeper would.
            var late = await OpenAsync(2, "窗口办事拖沓");
            app.Time.Advance(TimeSpan.FromDays(3));
            var warned = await OpenAsync(2, "材料反复退回");
            await using (var db = app.Database.Open())
            {
                var dueOn = await db.Set<Store.Model.MatterRow>().Where(m => m.Id == late[0]).Select(m => m.DueOn).SingleAsync();
                var yellowOn = await db.Set<Store.Model.MatterRow>().Where(m => m.Id == warned[0]).Select(m => m.NextCheck).SingleAsync();
                var day = DateOnly.ParseExact(string.CompareOrdinal(dueOn, yellowOn) > 0 ? dueOn! : yellowOn!, "yyyy-MM-dd").AddDays(1);
                app.Time.Advance(new DateTimeOffset(day.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero) - app.Time.GetUtcNow());
            }
            await app.ScopeAsync(async sp =>
            {
                while (await sp.GetRequiredService<Store.Matters.MatterService>().SweepAsync() > 0) { }
                return 0;
            });

            var page = await LoginAsync("root");
            await page.GotoAsync(new Uri(app.BaseAddress, "/matters/tp/dashboard").ToString());
            await Assertions.Expect(page.Locator("[data-test=dash-red] .cx-counter-value")).ToHaveTextAsync("2");
            await Assertions.Expect(page.Locator("[data-test=dash-yellow] .cx-counter-value")).ToHaveTextAsync("2");
            await Assertions.Expect(page.Locator("[data-test=dashboard-chart] canvas").First).ToBeVisibleAsync(); // ECharts drew
            await Assertions.Expect(page.Locator("[data-test=dashboard-table]")).ToContainTextAsync("东岭镇");
            await Shot(page, "matters-dashboard");

            await page.Locator("[data-test=dash-red]").ClickAsync();
            var table = page.Locator("[data-test=matters-table]");
            await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
            await Assertions.Expect(table).ToContainTextAsync("窗口办事拖沓");
            await Assertions.Expect(table).Not.ToContainTextAsync("材料反复退回");
            await Assertions.Expect(table).ToContainTextAsync("已受理"); // the state's title, from the matter's pack version
            await Assertions.Expect(table.Locator("[data-test=overdue-mark]")).ToHaveCountAsync(2);
            await Shot(page, "matters-list-red");
        }
        finally
        {
            app.Time.Advance(start - app.Time.GetUtcNow());
        }
    }

    private Task<List<Guid>> OpenAsync(int count, string content) => app.ScopeAsync(async sp =>
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
            ids.Add((await sp.GetRequiredService<Store.Matters.MatterService>().OpenAsync(Kernel.Access.Actor.System("test"), "tp", "complaint",
                new Kernel.Matters.OpenInput(new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["content"] = $"{content}（{i + 1}）" }, null, app.SectionA))).Id);
        return ids;
    });
}
