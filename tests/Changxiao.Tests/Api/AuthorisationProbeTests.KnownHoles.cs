using Changxiao.Tests.Api.Probe;

namespace Changxiao.Tests.Api;

/// <summary>
/// A finding the probe tolerates for now: the actors it shows for (space-separated), the operation, the kind of finding,
/// optionally a piece of the evidence that singles it out (a body variant such as "[Person B, rest own]", an error code),
/// the issue point and what is wrong.
/// </summary>
public sealed record KnownHole(string Actors, string Operation, string Kind, string Point, string Why, string? Evidence = null)
{
    public bool For(string actor) => Actors.Split(' ').Contains(actor);

    public bool Matches(Finding f) => For(f.Actor) && Operation == f.Operation && Kind == f.Kind
                                      && (Evidence is null || f.Detail.Contains(Evidence, StringComparison.Ordinal));
}

public abstract partial class AuthorisationProbeTests<TApp>
{
    private const string Admins = "a-admin a-subject";      // hold org-admin over A
    private const string Handlers = "a-officer a-subject";  // hold every pack role over A

    /// <summary>
    /// Answers that tell an out-of-scope thing from nothing by design, each with its reason; tolerated for good. An entry that
    /// no longer shows fails the probe like the lists below (the answer changed: look again, then take it off).
    /// </summary>
    public static readonly IReadOnlyList<KnownHole> AcceptedAnswers =
    [
        new(Admins, "CreateUnit", Finding.Confirms, "8.9", UniqueCodes, "org.code-unavailable"),
        new(Admins, "UpdateUnit", Finding.Confirms, "8.9", UniqueCodes, "org.code-unavailable"),
        new(Admins, "CreatePerson", Finding.Confirms, "8.9", UniqueCodes, "org.code-unavailable"),
        new(Admins, "UpdatePerson", Finding.Confirms, "8.9", UniqueCodes, "org.code-unavailable"),
        new(Admins, "CreateAccount", Finding.Confirms, "8.9", UniqueCodes, "account.username-unavailable"),
        // A sheet row with a code in use elsewhere: the same neutral 该编码不可用 (as the JSON answer escapes it), on its row and column.
        new(Admins, "ImportOrg", Finding.Confirms, "8.1 / 8.9", UniqueCodes, @"\u8BE5\u7F16\u7801\u4E0D\u53EF\u7528"),
    ];

    private const string UniqueCodes = "codes and usernames are unique county-wide, so one taken elsewhere cannot be given (a fresh one is taken); " +
                                       "the answer says neither whose nor where (a neutral “该编码不可用” / username unavailable)";
}
