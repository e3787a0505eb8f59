namespace Changxiao.Kernel.Packs;

/// <summary>
/// A pack's small, closed condition language: comparisons of a matter's fields (and `state`),
/// joined by `and` / `or`, with `not` and parentheses. No functions, no arithmetic.
///   outcome != 不属实
///   state in [concluded, sanctioned] and amount >= 10000
///   category == 收费 or category == 承诺
/// A value is a bare word, a number, or a quoted string. `field` alone means "has a value".
/// </summary>
public abstract record Condition
{
    /// <summary>Field and state names the condition reads, for the validator.</summary>
    public abstract IEnumerable<string> Names { get; }

    public abstract bool Holds(Func<string, object?> value);

    /// <summary>The condition as the pack wrote it (set by the loader), for people to read: "term == 限期".</summary>
    public string? Source { get; init; }
}

public enum CompareOp { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn, Has }

public sealed record Compare(string Name, CompareOp Op, IReadOnlyList<string> Values) : Condition
{
    public override IEnumerable<string> Names => [Name];

    public override bool Holds(Func<string, object?> value)
    {
        var v = value(Name);
        var text = v switch { null => null, decimal d => d.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => v.ToString() };
        switch (Op)
        {
            case CompareOp.Has: return !string.IsNullOrEmpty(text);
            case CompareOp.Eq: return text == Values[0];
            case CompareOp.Ne: return text != Values[0];
            case CompareOp.In: return text is not null && Values.Contains(text);
            case CompareOp.NotIn: return text is null || !Values.Contains(text);
        }
        if (text is null) return false;
        // Ordering: numbers as numbers, otherwise ordinal text (ISO dates order correctly as text).
        var cmp = decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var a)
                  && decimal.TryParse(Values[0], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var b)
            ? a.CompareTo(b)
            : string.CompareOrdinal(text, Values[0]);
        return Op switch
        {
            CompareOp.Lt => cmp < 0,
            CompareOp.Le => cmp <= 0,
            CompareOp.Gt => cmp > 0,
            _ => cmp >= 0,
        };
    }
}

public sealed record And(Condition Left, Condition Right) : Condition
{
    public override IEnumerable<string> Names => Left.Names.Concat(Right.Names);
    public override bool Holds(Func<string, object?> value) => Left.Holds(value) && Right.Holds(value);
}

public sealed record Or(Condition Left, Condition Right) : Condition
{
    public override IEnumerable<string> Names => Left.Names.Concat(Right.Names);
    public override bool Holds(Func<string, object?> value) => Left.Holds(value) || Right.Holds(value);
}

public sealed record Not(Condition Inner) : Condition
{
    public override IEnumerable<string> Names => Inner.Names;
    public override bool Holds(Func<string, object?> value) => !Inner.Holds(value);
}
