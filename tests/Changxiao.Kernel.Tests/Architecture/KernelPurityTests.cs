using System.Reflection;
using Changxiao.Kernel.Journal;

namespace Changxiao.Kernel.Tests.Architecture;

/// <summary>The kernel decides; it does not store, serve, parse packs, print, or read the clock.</summary>
public class KernelPurityTests
{
    private static readonly Assembly Kernel = typeof(JournalHash).Assembly;

    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("YamlDotNet")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("System.CommandLine")]
    [InlineData("Spectre")]
    [InlineData("DocumentFormat")]
    public void Kernel_ReferencedAssemblies_NoneFromForbiddenFamily(string prefix)
    {
        var referenced = Kernel.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        Assert.NotEmpty(referenced);
        Assert.DoesNotContain(referenced, name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("DateTime.Now")]
    [InlineData("DateTime.UtcNow")]
    [InlineData("DateTimeOffset.Now")]
    [InlineData("DateTimeOffset.UtcNow")]
    public void KernelSources_NoFile_ReadsTheSystemClock(string clockRead)
    {
        var sources = KernelSources();

        Assert.NotEmpty(sources);
        var offenders = sources
            .Where(f => File.ReadAllText(f).Contains(clockRead, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepoRoot(), f))
            .ToList();
        Assert.Empty(offenders);
    }

    private static List<string> KernelSources()
    {
        var kernelDir = Path.Combine(RepoRoot(), "src", "Changxiao.Kernel");
        string[] generated = [Path.Combine(kernelDir, "bin") + Path.DirectorySeparatorChar, Path.Combine(kernelDir, "obj") + Path.DirectorySeparatorChar];
        return Directory.EnumerateFiles(kernelDir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !generated.Any(g => f.StartsWith(g, StringComparison.Ordinal)))
            .ToList();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "Changxiao.Kernel")))
                return dir.FullName;
        throw new InvalidOperationException($"No folder containing src/Changxiao.Kernel above {AppContext.BaseDirectory}");
    }
}
