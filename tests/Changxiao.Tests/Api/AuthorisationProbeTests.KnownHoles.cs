using Changxiao.Tests.Api.Probe;

namespace Changxiao.Tests.Api;

/// <summary>A finding the probe tolerates for now: who, which operation, what kind, and why (the issue point, the evidence).</summary>
public sealed record KnownHole(string Actor, string Operation, string Kind, string Point, string Why)
{
    public bool Matches(Finding f) => (Actor == "*" || Actor == f.Actor) && Operation == f.Operation && Kind == f.Kind;
}

public abstract partial class AuthorisationProbeTests<TApp>
{
    /// <summary>
    /// Holes of issue 8 that other changes are fixing in parallel. The merger empties this list as those changes land: each
    /// entry that no longer shows fails the probe, so the list only ever shrinks. Anything the probe finds that is not here fails.
    /// </summary>
    public static readonly IReadOnlyList<KnownHole> KnownHolesBeingFixed =
    [
    ];
}
