using Changxiao.Kernel.Packs;
using Changxiao.Packs.Mechanisms;

namespace Changxiao.Kernel.Tests.Packs;

/// <summary>
/// Pack folders in a temp directory for loader tests. YAML is given as lines so that a test can name the
/// line and column it expects: line N is <c>lines[N-1]</c>.
/// </summary>
public sealed class TempPacks : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("changxiao-packs-").FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>The smallest valid pack (id "t"); 13 lines. Tests copy and change it.</summary>
    public static readonly string[] Minimal =
    [
        "id: t",                                                             // 1
        "version: 1",                                                        // 2
        "title: 测试",                                                        // 3
        "source: test L1",                                                   // 4
        "kinds:",                                                            // 5
        "  k:",                                                              // 6
        "    title: 事项",                                                    // 7
        "    initial: open",                                                 // 8
        "    states:",                                                       // 9
        "      open: 办理中",                                                 // 10
        "      done: {title: 办结, final: true}",                             // 11
        "    actions:",                                                      // 12
        "      finish: {title: 办结, from: open, to: done, by: [role:officer]}", // 13
    ];

    /// <summary>Writes <c>&lt;id&gt;/pack.yaml</c> and returns the folder.</summary>
    public string Write(string id, params string[] lines) => WriteFile(id, "pack.yaml", lines);

    public string WriteFile(string id, string relative, params string[] lines)
    {
        var dir = Path.Combine(Root, id);
        var path = Path.Combine(dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return dir;
    }

    public string PackFile(string id) => Path.Combine(Root, id, "pack.yaml");

    /// <summary>Loads pack "t" written from <paramref name="lines"/>, expecting it to fail; returns the errors.</summary>
    public IReadOnlyList<PackError> Errors(params string[] lines)
    {
        var dir = Write("t", lines);
        var ex = Assert.Throws<PackValidationException>(() => PackLoader.LoadFolder(dir));
        Assert.NotEmpty(ex.Errors);
        return ex.Errors;
    }

    public Pack Load(params string[] lines) => PackLoader.LoadFolder(Write("t", lines));

    /// <summary><see cref="Minimal"/> with line <paramref name="line"/> (1-based) replaced, or lines appended when past the end.</summary>
    public static string[] With(params (int Line, string Text)[] changes)
    {
        var lines = Minimal.ToList();
        foreach (var (line, text) in changes.OrderBy(c => c.Line))
        {
            if (line <= lines.Count)
            {
                lines[line - 1] = text;
            }
            else
            {
                lines.Add(text);
            }
        }

        return lines.ToArray();
    }

    /// <summary><see cref="Minimal"/> followed by <paramref name="more"/> (the first extra line is line 14).</summary>
    public static string[] Plus(params string[] more) => [.. Minimal, .. more];
}

public static class PackAssert
{
    /// <summary>The 1-based column of the first <paramref name="text"/> on line <paramref name="line"/> (1-based).</summary>
    public static int Col(string[] lines, int line, string text)
    {
        var i = lines[line - 1].IndexOf(text, StringComparison.Ordinal);
        Assert.True(i >= 0, $"\"{text}\" is not on line {line}: {lines[line - 1]}");
        return i + 1;
    }

    /// <summary>Asserts one error with this code at the first <paramref name="text"/> of line <paramref name="line"/>.</summary>
    public static PackError Has(IReadOnlyList<PackError> errors, string[] lines, string code, int line, string text) =>
        Has(errors, code, line, Col(lines, line, text));

    /// <summary>Asserts one error with this code at this line and column, and returns it.</summary>
    public static PackError Has(IReadOnlyList<PackError> errors, string code, int line, int column)
    {
        var match = errors.Where(e => e.Code == code && e.Line == line && e.Column == column).ToList();
        Assert.True(match.Count == 1,
            $"Expected one {code} at {line}:{column}; got:{Environment.NewLine}{PackValidationException.Format(errors.Select(e => e with { Message = $"[{e.Code}] {e.Message}" }))}");
        return match[0];
    }

    /// <summary>Asserts that the only error is one with this code at this line and column.</summary>
    public static PackError Only(IReadOnlyList<PackError> errors, string code, int line, int column)
    {
        var error = Has(errors, code, line, column);
        Assert.True(errors.Count == 1,
            $"Expected only {code}; got:{Environment.NewLine}{PackValidationException.Format(errors.Select(e => e with { Message = $"[{e.Code}] {e.Message}" }))}");
        return error;
    }
}
