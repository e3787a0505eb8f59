namespace Changxiao.Packs.Calendars;

/// <summary>
/// One problem in a calendar file: <see cref="File"/> as given to the loader, 1-based <see cref="Line"/> and
/// <see cref="Column"/> of the offending YAML node, and a message naming the bad key or value.
/// </summary>
public sealed record CalendarLoadError(string File, int Line, int Column, string Message)
{
    /// <summary><c>file:line:column: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>The calendar folder or one of its files is invalid. <see cref="Errors"/> lists every problem found.</summary>
public sealed class CalendarLoadException : Exception
{
    public CalendarLoadException(IReadOnlyList<CalendarLoadError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    public CalendarLoadException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Every problem found, in file and line order (empty for a folder-level problem).</summary>
    public IReadOnlyList<CalendarLoadError> Errors { get; }

    private static string Format(IReadOnlyList<CalendarLoadError> errors) => errors.Count switch
    {
        0 => "Invalid calendar data.",
        1 => errors[0].ToString(),
        _ => $"{errors.Count} problems in the calendar data:{Environment.NewLine}" +
             string.Join(Environment.NewLine, errors.Select(e => "  " + e)),
    };
}
