using Changxiao.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Changxiao.BrowserTests;

/// <summary>
/// The console works under the server's Content-Security-Policy (issue 8, point 10): walked through its pages — forms,
/// dialogs, tables, ECharts — the browser reports no violation, downloads arrive, and the policy it got forbids inline script.
/// </summary>
public sealed class ContentSecurityPolicyTests(SqliteApp app) : Chromium(needsConsole: true), IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Console_WalkedThrough_NoPolicyViolation()
    {
        // Two complaints, so that the dashboard's charts have bars to hover.
        await app.ScopeAsync(async sp =>
        {
            for (var i = 0; i < 2; i++)
                await sp.GetRequiredService<Store.Matters.MatterService>().OpenAsync(Kernel.Access.Actor.System("test"), "tp", "complaint",
                    new Kernel.Matters.OpenInput(new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["content"] = $"窗口办事拖沓（{i + 1}）" }, null, app.SectionA));
            return 0;
        });
        var context = await Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1366, Height = 820 } });
        // Every violation the browser reports, on every page loaded (the script runs outside the page's policy).
        var violations = new List<string>();
        await context.ExposeFunctionAsync("__cspViolation", (string v) => { lock (violations) violations.Add(v); });
        await context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => window.__cspViolation(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));");
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error" && m.Text.Contains("Content Security Policy")) lock (violations) violations.Add(m.Text); };

        var first = await page.GotoAsync(new Uri(app.BaseAddress, "/login").ToString());
        var policy = await first!.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Contains("frame-ancestors 'none'", policy);

        await page.Locator("[data-test=login-username]").FillAsync("root");
        await page.Locator("[data-test=login-password]").FillAsync(TestApp.Password);
        await page.Locator("[data-test=login-submit]").ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login"));

        await page.Locator("[data-test=nav-org]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=org-tree]")).ToContainTextAsync("东岭镇");
        await page.Locator("[data-test=org-filter] input, input[data-test=org-filter]").First.FillAsync("东岭镇党政办");
        await page.Locator("[data-test=org-tree]").GetByText("东岭镇党政办", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=people-table]")).ToContainTextAsync("张伟");
        await page.Locator("[data-test=unit-add-child]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=unit-form]")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");

        foreach (var (url, ready) in new[]
        {
            ("/accounts", "[data-test=accounts-table]"),
            ("/import", "[data-test=import-template]"),
            ("/journal", "[data-test=journal-table]"),
            ("/work", "[data-test=work-table]"),
            ("/matters/tp", "[data-test=matters-table]"),
            ("/matters/tp/new", "[data-test=open-form]"),
            ("/matters/tp/dashboard", "[data-test=dashboard-chart] canvas"),
        })
        {
            await page.GotoAsync(new Uri(app.BaseAddress, url).ToString());
            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();
        }
        // ECharts writes its tooltips as HTML with style attributes: the reason for style-src 'unsafe-inline'.
        var chart = page.Locator("[data-test=dashboard-chart] canvas").First;
        var tooltip = false;
        for (var i = 0; i < 20 && !tooltip; i++)
        {
            // The chart may still be laying out: hover across it until a tooltip is drawn.
            var box = (await chart.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + box.Width * (0.2f + 0.03f * i), box.Y + box.Height * 0.6f);
            await page.WaitForTimeoutAsync(150);
            tooltip = await page.EvaluateAsync<bool>("() => document.querySelectorAll('[data-test=dashboard-chart] span[style]').length > 0");
        }
        Assert.True(tooltip, "no tooltip drawn");

        // Poppers (a select's options, a date picker's panel) are positioned by Element Plus with inline styles.
        await page.GotoAsync(new Uri(app.BaseAddress, "/matters/tp").ToString());
        await page.Locator("[data-test=filter-level]").ClickAsync();
        await page.Locator(".el-select-dropdown__item").Filter(new() { HasText = "红牌" }).ClickAsync();
        await page.GotoAsync(new Uri(app.BaseAddress, "/matters/tp/new?kind=letter").ToString());
        await page.Locator("[data-test=open-form] .el-date-editor input").First.ClickAsync();
        await Assertions.Expect(page.Locator(".el-picker-panel").First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");

        // Downloads still arrive under the data policy (default-src 'none'; sandbox): a download link, a button that fetches
        // the file, and a plain link followed like an attachment's (a navigation whose answer is an attachment).
        await page.GotoAsync(new Uri(app.BaseAddress, "/import").ToString());
        var template = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-test=import-template]").ClickAsync());
        Assert.EndsWith(".xlsx", template.SuggestedFilename);
        var followed = await page.RunAndWaitForDownloadAsync(() => page.EvaluateAsync(
            "() => { const a = document.createElement('a'); a.href = '/api/v1/import/org/template'; document.body.appendChild(a); a.click(); }"));
        Assert.EndsWith(".xlsx", followed.SuggestedFilename);
        await page.GotoAsync(new Uri(app.BaseAddress, "/matters/tp").ToString());
        var export = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-test=export-xlsx]").ClickAsync());
        Assert.EndsWith(".xlsx", export.SuggestedFilename);

        await page.WaitForTimeoutAsync(300); // reports are delivered asynchronously
        lock (violations) Assert.True(violations.Count == 0, "CSP violations: " + string.Join(" | ", violations));

        // The policy bites, and this test would see it: a script written into the page is refused, and reported.
        var ran = await page.EvaluateAsync<bool>(
            "() => { window.__ran = false; const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.head.appendChild(s); return window.__ran; }");
        Assert.False(ran);
        await page.WaitForTimeoutAsync(300);
        lock (violations) Assert.Contains(violations, v => v.StartsWith("script-src"));
    }
}
