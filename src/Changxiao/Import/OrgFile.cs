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

/// <summary>A problem in an import file, named by sheet, row and column (the column's header text).</summary>
public sealed record ImportError(string Sheet, int Row, string Column, string Message)
{
    public override string ToString() => $"{Sheet} 第{Row}行 [{Column}]: {Message}";
}

public sealed class ImportFileException(IReadOnlyList<ImportError> errors)
    : Exception(string.Join("; ", errors.Take(5)))
{
    public IReadOnlyList<ImportError> Errors { get; } = errors;
}
