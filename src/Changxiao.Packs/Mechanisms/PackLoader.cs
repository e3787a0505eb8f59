using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Changxiao.Kernel.Matters;
using Changxiao.Kernel.Packs;

namespace Changxiao.Packs.Mechanisms;

/// <summary>
/// Loads mechanism packs (see <c>packs/README.md</c>): a folder <c>packs/mechanisms/&lt;id&gt;/</c> with <c>pack.yaml</c>,
/// optionally <c>kinds/*.yaml</c> (more kinds), and a README naming the seed source. Every problem of every file is
/// reported at once as a <see cref="PackValidationException"/> whose errors read <c>file:line:column: message</c>.
/// </summary>
public static class PackLoader
{
    /// <summary>The shipped mechanism packs' folder, relative to the repository (or install) root.</summary>
    public const string PacksFolder = "packs/mechanisms";

    /// <summary>The file that makes a folder a pack.</summary>
    public const string PackFile = "pack.yaml";

    /// <summary>True when <paramref name="dir"/> holds a <c>pack.yaml</c>.</summary>
    public static bool IsPackFolder(string dir) => File.Exists(Path.Combine(dir, PackFile));

    /// <summary>
    /// Loads and validates one pack folder; throws <see cref="PackValidationException"/> with every problem.
    /// References to other packs (<c>other-pack/kind</c>) are not checked here (see <see cref="LoadAll"/>).
    /// </summary>
    public static Pack LoadFolder(string packDir)
    {
        ArgumentNullException.ThrowIfNull(packDir);
        var (packs, errors) = Read([packDir], crossPack: false);
        if (errors.Count > 0)
        {
            throw new PackValidationException(errors);
        }

        return packs[0];
    }

    /// <summary>
    /// Loads every pack in the sub-folders of <paramref name="mechanismsDir"/> (folders whose name starts with a dot
    /// are skipped; any other sub-folder must be a pack), in folder-name order. References of the form
    /// <c>other-pack/kind</c> are resolved among the packs loaded together. Throws
    /// <see cref="PackValidationException"/> with the problems of all packs together.
    /// </summary>
    public static IReadOnlyList<Pack> LoadAll(string mechanismsDir)
    {
        ArgumentNullException.ThrowIfNull(mechanismsDir);
        if (!Directory.Exists(mechanismsDir))
        {
            throw new PackValidationException([new PackError(mechanismsDir, 0, 0, "文件夹不存在") { Code = PackErrorCodes.Folder }]);
        }

        var folders = Directory.EnumerateDirectories(mechanismsDir)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var (packs, errors) = Read(folders, crossPack: true);
        if (errors.Count > 0)
        {
            throw new PackValidationException(errors);
        }

        return packs;
    }

    /// <summary>
    /// The SHA-256 (lower-case hex) of a pack folder: over its files in ordinal order of their relative paths
    /// ('/'-separated; files and folders whose name starts with a dot are left out), each contributing its path
    /// in UTF-8, a NUL byte, its length in bytes as decimal digits, a NUL byte and its bytes. Any change to any
    /// YAML file (comments included), and any YAML file added, removed or renamed, changes the hash; other files (the README) do not.
    /// </summary>
    public static string ComputeContentHash(string packDir)
    {
        ArgumentNullException.ThrowIfNull(packDir);
        var root = Path.GetFullPath(packDir);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(f => !f.Relative.Split('/').Any(part => part.StartsWith('.')))
            // Only the rules count: a README may be improved without a new version.
            .Where(f => f.Relative.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.Relative.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (full, relative) in files)
        {
            var bytes = File.ReadAllBytes(full);
            hash.AppendData(Encoding.UTF8.GetBytes(relative));
            hash.AppendData([0]);
            hash.AppendData(Encoding.ASCII.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture)));
            hash.AppendData([0]);
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The first <c>packs/mechanisms</c> folder found in <paramref name="startDirectory"/> or one of its ancestors,
    /// or null when there is none.
    /// </summary>
    public static string? FindFolder(string startDirectory)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "packs", "mechanisms");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static (List<Pack> Packs, List<PackError> Errors) Read(IEnumerable<string> folders, bool crossPack)
    {
        var errors = new List<PackError>();
        var packs = new List<Pack>();
        var crossRefs = new List<CrossRef>();
        foreach (var folder in folders)
        {
            var reader = new PackReader();
            var hash = Directory.Exists(folder) ? ComputeContentHash(folder) : "";
            var pack = Directory.Exists(folder)
                ? reader.Read(folder, hash)
                : null;
            if (!Directory.Exists(folder))
            {
                reader.Error(folder, 0, 0, PackErrorCodes.Folder, "", "文件夹不存在");
            }

            errors.AddRange(reader.Errors);
            crossRefs.AddRange(reader.CrossRefs);
            if (pack is not null)
            {
                packs.Add(pack);
            }
        }

        if (crossPack)
        {
            CheckCrossRefs(packs, crossRefs, errors);
        }

        CheckNumberFormats(packs, errors);

        var sorted = errors.Distinct()
            .OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column)
            .ToList();
        return (packs, sorted);
    }

    /// <summary>
    /// No two kinds of the packs loaded together number their matters by one format: each kind counts on its own, so
    /// the second kind's first number would be the first kind's, and matter numbers are unique.
    /// </summary>
    private static void CheckNumberFormats(List<Pack> packs, List<PackError> errors)
    {
        var first = new Dictionary<string, (Pack Pack, MatterKind Kind)>(StringComparer.Ordinal);
        foreach (var pack in packs)
        {
            foreach (var kind in pack.Kinds.Values)
            {
                var format = MatterNumber.FormatOf(pack.Id, kind);
                if (first.TryAdd(format, (pack, kind)))
                {
                    continue;
                }

                var (otherPack, otherKind) = first[format];
                errors.Add(new PackError(kind.Where.File, kind.Where.Line, kind.Where.Column,
                    $"kinds.{kind.Code}：编号格式 \"{format}\" 与 {otherPack.Id}/{otherKind.Code}（{otherKind.Where}）相同，两类事项的编号会重复；请给其中一类另定 number")
                {
                    Code = PackErrorCodes.NumberFormatShared,
                });
            }
        }
    }

    private static void CheckCrossRefs(List<Pack> packs, List<CrossRef> refs, List<PackError> errors)
    {
        var byId = packs.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var reading = new YamlReading();
        foreach (var r in refs)
        {
            if (!byId.TryGetValue(r.PackId, out var pack))
            {
                reading.Error(r.Node, PackErrorCodes.UnknownPack, r.Path,
                    $"未知的机制包 \"{r.PackId}\"（一起加载的机制包：{(byId.Count == 0 ? "无" : YamlReading.Join(byId.Keys))}）");
                continue;
            }

            if (!pack.Kinds.TryGetValue(r.Kind, out var kind))
            {
                reading.Error(r.Node, PackErrorCodes.UnknownKind, r.Path,
                    $"机制包 {r.PackId} 没有事项种类 \"{r.Kind}\"{YamlReading.Available(pack.Kinds.Keys, "事项种类")}");
                continue;
            }

            if (r.Clock is { } clock && !kind.Clocks.ContainsKey(clock))
            {
                reading.Error(r.Node, PackErrorCodes.UnknownClock, r.Path,
                    $"{r.PackId}/{r.Kind} 没有计时 \"{clock}\"{YamlReading.Available(kind.Clocks.Keys, "计时")}");
            }

            PackReader.CheckOpened(reading, kind, r.OpenPath, r.Fields, r.AboutNode, r.Source);
        }

        errors.AddRange(reading.Errors);
    }
}
