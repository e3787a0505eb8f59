namespace Changxiao.Packs.Mechanisms;

/// <summary>
/// One problem in a mechanism pack: the file (as reached from the folder given to the loader), the 1-based line
/// and column of the offending YAML node, and a plain-Chinese message that starts with the English key path,
/// e.g. <c>kinds.report.actions.assign.to: 未知的状态 "asigned"（可用：registered, assigned）</c>.
/// <see cref="Code"/> names the check that failed (see <see cref="PackErrorCodes"/>), for tests and tools.
/// A problem with the folder itself (no pack.yaml) has line and column 0.
/// </summary>
public sealed record PackError(string File, int Line, int Column, string Message)
{
    /// <summary>The stable code of the check that failed, e.g. <c>state.unknown</c>.</summary>
    public string Code { get; init; } = "";

    /// <summary><c>file:line:column: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>A pack (or a folder of packs) is invalid. <see cref="Errors"/> holds every problem found, in file and line order.</summary>
public sealed class PackValidationException : Exception
{
    public PackValidationException(IReadOnlyList<PackError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, sorted by file, line and column.</summary>
    public IReadOnlyList<PackError> Errors { get; }

    /// <summary>One <c>file:line:column: message</c> line per error.</summary>
    public static string Format(IEnumerable<PackError> errors) =>
        string.Join(Environment.NewLine, errors.Select(e => e.ToString()));

    /// <summary>The errors, one <c>file:line:column: message</c> per line (no stack trace).</summary>
    public override string ToString() => Format(Errors);
}

/// <summary>The stable codes of <see cref="PackError.Code"/>.</summary>
public static class PackErrorCodes
{
    public const string Folder = "pack.folder";                 // no pack.yaml, folder missing
    public const string YamlSyntax = "yaml.syntax";
    public const string DuplicateKey = "yaml.duplicate-key";    // a YAML key given twice
    public const string UnknownKey = "key.unknown";
    public const string MissingKey = "key.missing";
    public const string WrongType = "type.wrong";               // a list where a text is expected, "abc" for a number …
    public const string BadName = "name.invalid";               // a code that is not lower-case ASCII
    public const string DuplicateName = "name.duplicate";       // same name twice (e.g. a field and a party; a kind in two files)
    public const string IdMismatch = "pack.id-mismatch";
    public const string BadVersion = "pack.version";
    public const string NoKinds = "pack.no-kinds";
    public const string UnknownState = "state.unknown";
    public const string UnknownField = "field.unknown";
    public const string UnknownParty = "party.unknown";
    public const string UnknownRole = "role.unknown";
    public const string UnknownLadder = "ladder.unknown";
    public const string UnknownKind = "kind.unknown";
    public const string UnknownPack = "pack.unknown";           // other-pack/kind where other-pack is not loaded
    public const string UnknownPublication = "publish.unknown";
    public const string UnknownAction = "action.unknown";
    public const string UnknownClock = "clock.unknown";
    public const string BadLink = "link.invalid";               // suspend/resume/due link that is not a matter field
    public const string BadActor = "actor.invalid";             // "role:x" / "party:y" / "citizen" written wrongly or not allowed here
    public const string Unreachable = "state.unreachable";
    public const string DeadEnd = "state.dead-end";
    public const string NoFinalState = "state.no-final";
    public const string FinalHasExit = "state.final-has-exit";
    public const string ClockNeverStops = "clock.never-stops";
    public const string ClockRule = "clock.invalid";            // limit and due both/neither, pause without resume …
    public const string BadTimeLimit = "time-limit.invalid";
    public const string BadCondition = "condition.invalid";     // syntax
    public const string ConditionValue = "condition.value";     // a value that cannot match (not an option, not a state, not a number …)
    public const string SignoffTooFew = "signoff.too-few";
    public const string OptionsMissing = "field.options-missing";
    public const string MaxNotText = "field.max-not-text";
    public const string MatterKindMissing = "field.kind-missing";
    public const string FieldRule = "field.invalid";            // options/kind/item where they do not belong, a confidential field published …
    public const string BadLadderStep = "ladder.step-invalid";
    public const string BadNumberFormat = "kind.number-invalid";
    public const string NumberFormatShared = "kind.number-shared";  // two kinds loaded together number alike
    public const string BadEffect = "effect.invalid";
    public const string FieldValue = "field.value";             // open.fields: a value that is not one of the field's options
}
