using System.CommandLine;
using Changxiao.Kernel.Packs;
using Changxiao.Packs.Mechanisms;

namespace Changxiao.Cli;

/// <summary>
/// The <c>pack</c> verbs:
/// <list type="bullet">
/// <item><c>pack validate PATH</c>: PATH is one pack folder (it holds <c>pack.yaml</c>) or a folder of packs such as
/// <c>packs/mechanisms</c>. Prints <c>OK &lt;id&gt; v&lt;version&gt; (&lt;n&gt; kinds)</c> per pack, or every problem as
/// <c>file:line:column: message</c> on stderr.</item>
/// </list>
/// Exit codes: 0 valid, 1 invalid (or no pack found), 2 bad arguments (PATH missing or not a folder).
/// </summary>
public static class PackCli
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int UsageError = 2;

    public static Command Build()
    {
        var pack = new Command("pack", "机制包 / mechanism packs");
        var pathArg = new Argument<string>("PATH")
        {
            Description = "一个机制包文件夹（含 pack.yaml），或放机制包的文件夹（如 packs/mechanisms）",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var validate = new Command("validate", "检查机制包：每个包打印 OK <id> v<version> (<n> kinds)，或逐条列出 文件:行:列: 问题");
        validate.Add(pathArg);
        validate.SetAction(parseResult => Validate(parseResult.GetValue(pathArg), Console.Out, Console.Error));
        pack.Add(validate);
        return pack;
    }

    /// <summary>Runs <c>pack validate</c>; returns the exit code.</summary>
    public static int Validate(string? path, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (string.IsNullOrWhiteSpace(path))
        {
            error.WriteLine("PATH: missing (a pack folder, or a folder of packs such as packs/mechanisms).");
            return UsageError;
        }

        if (!Directory.Exists(path))
        {
            error.WriteLine(File.Exists(path)
                ? $"PATH: {path} is a file; give the pack's folder (the one holding pack.yaml)."
                : $"PATH: {path} does not exist.");
            return UsageError;
        }

        IReadOnlyList<Pack> packs;
        try
        {
            packs = PackLoader.IsPackFolder(path) ? [PackLoader.LoadFolder(path)] : PackLoader.LoadAll(path);
        }
        catch (PackValidationException ex)
        {
            foreach (var e in ex.Errors)
            {
                error.WriteLine(e.ToString());
            }

            return Invalid;
        }

        if (packs.Count == 0)
        {
            error.WriteLine($"{path}: 没有找到机制包（既没有 pack.yaml，也没有含 pack.yaml 的子文件夹） / no pack found.");
            return Invalid;
        }

        // Programmes (programmes.yaml) are checked against their pack once the pack itself is sound.
        var programmeErrors = 0;
        var programmes = new Dictionary<string, int>();
        foreach (var p in packs)
        {
            try
            {
                programmes[p.Id] = Changxiao.Packs.Programmes.ProgrammeLoader.Load(Path.GetDirectoryName(p.Where.File)!, p).Count;
            }
            catch (Changxiao.Packs.Org.PackFormatException ex)
            {
                error.WriteLine(ex.Message);
                programmeErrors++;
            }
        }

        if (programmeErrors > 0)
        {
            return Invalid;
        }

        foreach (var p in packs)
        {
            var extra = programmes.GetValueOrDefault(p.Id) is > 0 and var n ? $", {n} programmes" : "";
            output.WriteLine($"OK {p.Id} v{p.Version} ({p.Kinds.Count} kinds{extra})");
        }

        return Ok;
    }
}
