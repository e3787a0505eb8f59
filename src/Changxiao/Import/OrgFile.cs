namespace Changxiao.Import;

/// <summary>One row of the 单位 (units) sheet. <paramref name="Row"/> is the 1-based row in the file, header = 1.</summary>
public sealed record UnitRow(int Row, string Code, string Name, string Kind, string? ParentCode);

/// <summary>One row of the 人员 (people) sheet.</summary>
public sealed record PersonRow(int Row, string Code, string Name, string UnitCode, string? Phone, string? Email);

/// <summary>One row of the 岗位 (posts) sheet; <paramref name="HolderCode"/> is empty for a vacant post.</summary>
public sealed record PostRow(int Row, string UnitCode, string Title, string Rank, string? HolderCode);

/// <summary>The parsed content of an org import file (an .xlsx with up to three sheets, or one .csv table).</summary>
public sealed record OrgFile(IReadOnlyList<UnitRow> Units, IReadOnlyList<PersonRow> People, IReadOnlyList<PostRow> Posts)
{
    public static readonly OrgFile Empty = new([], [], []);
    public int Count => Units.Count + People.Count + Posts.Count;
}

/// <summary>
/// A problem in an import file, named by sheet, row and column (the column's header text). Sheet and column are
/// clipped to <see cref="MaxQuoted"/> characters and the message to <see cref="MaxMessage"/>, whoever builds the error:
/// a cell of a hostile file can be millions of characters long, and errors go into answers and logs.
/// </summary>
public sealed record ImportError(string Sheet, int Row, string Column, string Message)
{
    /// <summary>The most characters of a value from the file that an error quotes; longer ones end in "…".</summary>
    public const int MaxQuoted = 50;

    public const int MaxMessage = 300;

    public string Sheet { get; } = Clip(Sheet, MaxQuoted);
    public string Column { get; } = Clip(Column, MaxQuoted);
    public string Message { get; } = Clip(Message, MaxMessage);

    /// <summary>A value from the file as an error may quote it: at most <paramref name="max"/> characters, "…" marking a cut.</summary>
    public static string Clip(string? text, int max = MaxQuoted)
    {
        text ??= "";
        if (text.Length <= max) return text;
        int cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--; // never split a character in two
        return string.Concat(text.AsSpan(0, cut), "…");
    }

    public override string ToString()
    {
        var where = string.Join(" ", new[] { Sheet, Row > 0 ? $"第{Row}行" : "", Column.Length > 0 ? $"[{Column}]" : "" }.Where(s => s.Length > 0));
        return where.Length == 0 ? Message : $"{where}: {Message}";
    }
}

/// <summary>
/// An import file that cannot be imported, with the first <see cref="MaxReported"/> of its problems and the count of
/// all of them: the answer to a file of a million bad rows stays a few KB. <see cref="TooLarge"/> marks a file that
/// exceeds an <see cref="ImportLimits"/> bound (read no further; HTTP 413) rather than one with bad rows (400).
/// </summary>
public sealed class ImportFileException : Exception
{
    public const int MaxReported = 100;

    /// <summary>Keeps the first <see cref="MaxReported"/> of <paramref name="errors"/> and counts them all.</summary>
    public ImportFileException(IEnumerable<ImportError> errors) : this(Count(errors, out var total), total, tooLarge: false)
    {
    }

    private ImportFileException(IReadOnlyList<ImportError> first, int total, bool tooLarge)
        : base(Describe(first, total, tooLarge))
    {
        Errors = first;
        Total = total;
        IsTooLarge = tooLarge;
    }

    /// <summary>The first <see cref="MaxReported"/> problems, in the order found.</summary>
    public IReadOnlyList<ImportError> Errors { get; }

    /// <summary>How many problems there are in all.</summary>
    public int Total { get; }

    public bool IsTooLarge { get; }

    /// <summary>The problem-details code: <c>import.too-large</c> or <c>import.invalid</c>.</summary>
    public string Code => IsTooLarge ? "import.too-large" : "import.invalid";

    public string Title => IsTooLarge ? "导入文件超出上限，未导入任何数据" : "导入文件有误，未导入任何数据";

    /// <summary>"共 N 处错误", saying how many are not listed when there are more than <see cref="MaxReported"/>.</summary>
    public string Detail => Summary(Errors, Total, IsTooLarge);

    /// <summary>A file over a limit: one error, where it was found as far as known.</summary>
    public static ImportFileException TooLarge(string sheet, int row, string column, string message) =>
        new([new ImportError(sheet, row, column, message)], 1, tooLarge: true);

    internal static ImportFileException Of(ImportErrorList errors) => new(errors.First, errors.Count, tooLarge: false);

    private static IReadOnlyList<ImportError> Count(IEnumerable<ImportError> errors, out int total)
    {
        var first = new List<ImportError>();
        total = 0;
        foreach (var e in errors)
        {
            if (total++ < MaxReported) first.Add(e);
        }
        return first;
    }

    private static string Summary(IReadOnlyList<ImportError> first, int total, bool tooLarge) =>
        tooLarge && first.Count == 1 ? first[0].ToString()
        : total > first.Count ? $"共 {total} 处错误，下面列出前 {first.Count} 处，还有 {total - first.Count} 处错误"
        : $"共 {total} 处错误";

    private static string Describe(IReadOnlyList<ImportError> first, int total, bool tooLarge) =>
        tooLarge ? Summary(first, total, tooLarge) : $"{Summary(first, total, tooLarge)}: {string.Join("; ", first.Take(5))}";
}

/// <summary>Collects a file's problems, keeping only the first <see cref="ImportFileException.MaxReported"/> in memory.</summary>
internal sealed class ImportErrorList
{
    private readonly List<ImportError> _first = [];

    public int Count { get; private set; }
    public IReadOnlyList<ImportError> First => _first;

    public void Add(ImportError error)
    {
        if (Count++ < ImportFileException.MaxReported) _first.Add(error);
    }
}
