using Microsoft.Playwright;

namespace Changxiao.BrowserTests;

/// <summary>Debian's Chromium, headless, one per test class; a class that opens the console first checks it was built.</summary>
public abstract class Chromium(bool needsConsole) : IAsyncLifetime
{
    private IPlaywright _pw = null!;

    protected IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (needsConsole)
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot", "index.html")),
                "the console is not built: run ./test.sh (or `npm run build` in web/) before the browser tests");
        _pw = await Playwright.CreateAsync();
        Browser = await _pw.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _pw.Dispose();
    }
}
