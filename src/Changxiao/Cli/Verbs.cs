using System.CommandLine;
using Changxiao.Hosting;
using Changxiao.Import;
using Changxiao.Kernel.Access;
using Changxiao.Kernel.Org;
using Changxiao.Store;
using Changxiao.Store.Services;
using Changxiao.Web;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Changxiao.Cli;

/// <summary>The command line: one verb per administrator task. Each verb uses the same services as the web server.</summary>
public static class Verbs
{
    private static readonly Option<string?> Db = new("--db")
    {
        Description = "数据库：sqlite:PATH（默认 sqlite:data/changxiao.db）或 postgres:CONNECTION-STRING；也可用环境变量 CHANGXIAO_DB",
        Recursive = true,
    };

    private static readonly Option<string?> Packs = new("--packs")
    {
        Description = "机制包目录（默认为程序旁的 packs/）；也可用环境变量 CHANGXIAO_PACKS",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("长效 Changxiao — 长效机制运行平台 / runs long-term supervision mechanisms as software");
        root.Add(Db);
        root.Add(Packs);
        root.Add(Serve());
        root.Add(Demo());
        root.Add(DbVerbs());
        root.Add(ImportVerbs());
        root.Add(AdminVerbs());
        root.Add(JournalVerbs());
        root.Add(CalendarCli.Build(() => SettingsOf(null).LoadCalendar()));
        root.Add(NotifyCli.Build());
        root.Add(PackCli.Build());
        root.Add(Sweep());
        return root;
    }

    private static Settings SettingsOf(ParseResult? r, string? defaultDb = null) =>
        Settings.From(r?.GetValue(Db) ?? Environment.GetEnvironmentVariable("CHANGXIAO_DB") ?? defaultDb, r?.GetValue(Packs));

    private static Command Serve()
    {
        var urls = new Option<string>("--urls") { Description = "监听地址", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var cmd = new Command("serve", "启动 Web 服务（接口、控制台、公众端）") { urls };
        cmd.SetAction(async (r, ct) =>
        {
            var settings = SettingsOf(r);
            Console.WriteLine($"长效 Changxiao · {settings.Store.Describe()} · {r.GetValue(urls)}");
            return await Server.RunAsync(settings, r.GetValue(urls)!);
        });
        return cmd;
    }

    private static Command Demo()
    {
        var scale = new Option<int>("--scale") { Description = "演示县的人数", DefaultValueFactory = _ => 2000 };
        var urls = new Option<string>("--urls") { Description = "监听地址", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var noServe = new Option<bool>("--no-serve") { Description = "只生成数据，不启动服务（用于基准测试）" };
        var export = new Option<FileInfo?>("--export") { Description = "把生成的演示县写成导入文件（.xlsx 或 .csv）后退出，不动数据库" };
        var cmd = new Command("demo", "生成一个演示县（默认 sqlite:data/demo.db）并启动服务") { scale, urls, noServe, export };
        cmd.SetAction(async (r, ct) =>
        {
            if (r.GetValue(export) is { } file)
            {
                var county = DemoCounty.Generate(r.GetValue(scale));
                await using (var fs = file.Create()) OrgTemplate.WriteXlsx(county, fs);
                Console.WriteLine($"{file.FullName}: 单位 {county.Units.Count}，人员 {county.People.Count}，岗位 {county.Posts.Count}");
                return 0;
            }
            var settings = SettingsOf(r, "sqlite:data/demo.db");
            var (_, logins) = await DemoSeed.EnsureAsync(settings, r.GetValue(scale), ct);
            // Plain lines: a terminal of any width (or a log file) shows each login whole.
            void PrintLogins()
            {
                foreach (var (user, password, what) in logins)
                    Console.WriteLine($"  登录 / login: {user}   密码 / password: {password}   ({what})");
            }
            if (r.GetValue(noServe))
            {
                // The passwords were just changed: whoever generated the county needs them even without a server.
                Console.WriteLine($"演示县已生成 / demo county ready ({settings.Store.Describe()})");
                PrintLogins();
                return 0;
            }
            return await Server.RunAsync(settings, r.GetValue(urls)!, app =>
            {
                Console.WriteLine();
                Console.WriteLine($"长效 Changxiao 演示县已启动 / demo county running: {r.GetValue(urls)}  ({settings.Store.Describe()})");
                PrintLogins();
                Console.WriteLine("  按 Ctrl+C 停止 / Ctrl+C to stop");
                return Task.CompletedTask;
            });
        });
        return cmd;
    }

    private static Command Sweep()
    {
        var cmd = new Command("sweep", "运行到期的督查计划（抽取单位和督查人员），再运行一次时限预警扫描（黄牌、红牌、约谈、通报）；与后台扫描相同，可重复运行，不会重复");
        cmd.SetAction(async (r, ct) =>
        {
            var settings = SettingsOf(r);
            if (await Store.Database.NotSetUpAsync(settings.Store, ct) is { } missing) return NotSetUp(missing);
            var packs = await ServiceSetup.PrepareAsync(settings, ct);
            await using var sp = ServiceSetup.BuildCliServices(settings, packs);
            using (var first = sp.CreateScope())
                foreach (var line in await first.ServiceProvider.GetRequiredService<Store.Matters.MatterService>().RunProgrammesAsync(ct))
                    Console.WriteLine(line);
            var total = 0;
            while (true)
            {
                using var scope = sp.CreateScope();
                var n = await scope.ServiceProvider.GetRequiredService<Store.Matters.MatterService>().SweepAsync(ct: ct);
                total += n;
                if (n == 0) break;
            }
            Console.WriteLine($"已扫描 {total} 件事项 / {total} matters swept");
            return 0;
        });
        return cmd;
    }

    private static Command DbVerbs()
    {
        var migrate = new Command("migrate", "升级数据库结构");
        migrate.SetAction(async (r, ct) =>
        {
            var settings = SettingsOf(r);
            var applied = await Store.Database.MigrateAsync(settings.Store, ct);
            Console.WriteLine(applied.Count == 0 ? $"{settings.Store.Describe()}: 已是最新" : $"{settings.Store.Describe()}: 已执行 {string.Join(", ", applied)}");
            return 0;
        });
        return new Command("db", "数据库") { migrate };
    }

    private static Command ImportVerbs()
    {
        var file = new Argument<FileInfo>("FILE") { Description = ".xlsx（单位、人员、岗位 三个工作表）或 .csv（其中一张表）" };
        var sheet = new Option<string?>("--sheet") { Description = "CSV 文件是哪张表：单位 / 人员 / 岗位（默认按表头判断）" };
        var asUser = new Option<string?>("--as")
        {
            Description = "以该账号的身份和权限导入（与该账号在网页上传时相同）；不给则以系统身份导入，不受范围限制",
        };
        var org = new Command("org", "导入单位、人员、岗位（整个文件要么全部导入，要么一条不导入）") { file, sheet, asUser };
        org.SetAction(async (r, ct) =>
        {
            var settings = SettingsOf(r);
            var path = r.GetValue(file)!;
            if (!path.Exists) return Fail($"FILE: 找不到文件 {path.FullName}");
            await Store.Database.MigrateAsync(settings.Store, ct);
            await using var sp = ServiceSetup.BuildCliServices(settings);
            using var scope = sp.CreateScope();
            var actor = Actor.System("cli:import");
            if (r.GetValue(asUser) is { } username)
            {
                // The account's own grants, looked up as a console session would be: the import is authorised row by row on them.
                var account = await scope.ServiceProvider.GetRequiredService<ChangxiaoDb>().Accounts.AsNoTracking()
                    .FirstOrDefaultAsync(a => a.Username == username.Trim(), ct);
                if (account is null || account.Disabled) return Fail($"--as: 找不到可用的账号 {username}");
                actor = await scope.ServiceProvider.GetRequiredService<AccountService>().ActorForAsync(account, ct);
            }
            try
            {
                ImportResult? result = null;
                await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async p =>
                    {
                        var read = p.AddTask("读取文件 / reading", maxValue: 1);
                        OrgFile parsed;
                        await using (var s = path.OpenRead()) parsed = OrgFileReader.Read(s, path.Name, r.GetValue(sheet));
                        read.Increment(1);
                        var write = p.AddTask("导入 / importing", maxValue: Math.Max(parsed.Count, 1));
                        var progress = new Progress<(int Done, int Total)>(x => write.Value = x.Done);
                        result = await scope.ServiceProvider.GetRequiredService<OrgImporter>().ImportAsync(actor, parsed, progress, ct);
                        write.Value = write.MaxValue;
                    });
                Console.WriteLine($"已导入：单位 {result!.Units}，人员 {result.People}，岗位 {result.Posts}");
                return 0;
            }
            catch (ImportFileException e)
            {
                Console.Error.WriteLine($"{e.Title}。{e.Detail}：");
                foreach (var err in e.Errors) Console.Error.WriteLine("  " + err);
                return 1;
            }
            catch (Kernel.Rules.ForbiddenException)
            {
                Console.Error.WriteLine($"导入失败，未导入任何数据：账号 {actor.Name} 没有导入组织数据的权限");
                return 1;
            }
        });
        return new Command("import", "导入数据") { org };
    }

    private static Command AdminVerbs()
    {
        var username = new Argument<string>("USERNAME") { Description = "用户名" };
        var password = new Option<string?>("--password") { Description = "密码（不给则随机生成并显示）" };
        var name = new Option<string?>("--name") { Description = "姓名（新建人员时用），默认 系统管理员" };
        var unit = new Option<string?>("--unit") { Description = "管理范围：单位编码（默认根单位）；数据库中还没有单位时新建根单位" };
        var create = new Command("create", "新建系统管理员账号（该单位及其下级的全部权限）") { username, password, name, unit };
        create.SetAction(async (r, ct) =>
        {
            var settings = SettingsOf(r);
            await Store.Database.MigrateAsync(settings.Store, ct);
            await using var sp = ServiceSetup.BuildCliServices(settings);
            var pw = r.GetValue(password) ?? DemoSeed.NewPassword();
            await DemoSeed.CreateAdminAsync(sp, r.GetValue(username)!, pw, r.GetValue(name) ?? "系统管理员", r.GetValue(unit), SystemRoles.Sysadmin.Code, ct);
            Console.WriteLine($"已创建账号 {r.GetValue(username)}，密码：{pw}");
            return 0;
        });
        return new Command("admin", "账号管理") { create };
    }

    private static Command JournalVerbs()
    {
        var verify = new Command("verify", "校验日志链：输出条数和 OK，或指出第一条被篡改的记录（退出码 1）");
        verify.SetAction(async (r, ct) =>
        {
            var settings = SettingsOf(r);
            if (await Store.Database.NotSetUpAsync(settings.Store, ct) is { } missing) return NotSetUp(missing);
            await using var db = Store.Database.Open(settings.Store);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var report = await JournalService.VerifyAsync(db, ct: ct);
            if (report.Ok)
            {
                Console.WriteLine($"{report.Count} entries OK");
                Console.Error.WriteLine($"({sw.Elapsed.TotalSeconds:0.00} s, {report.Count / Math.Max(sw.Elapsed.TotalSeconds, 1e-9):0} entries/s)");
                return 0;
            }
            Console.Error.WriteLine($"BROKEN at entry {report.BrokenAt}: {report.Message}");
            Console.WriteLine($"{report.Count} entries verified before the break");
            return 1;
        });
        return new Command("journal", "日志链") { verify };
    }

    /// <summary>A verb that needs an existing county, run on a database that is not one: said in one sentence, exit 1.</summary>
    internal static int NotSetUp(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
