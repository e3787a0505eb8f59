using Changxiao.Kernel.Accounts;
using Changxiao.Kernel.Rules;

namespace Changxiao.Kernel.Tests.Accounts;

public class LockoutPolicyTests
{
    private static readonly LockoutPolicy Policy = LockoutPolicy.Default; // 5 failures, 15 minutes, at most 24 hours
    private const long Now = 1_000_000_000_000;
    private static readonly long Minute = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;

    [Theory]
    [InlineData(1, 15)]
    [InlineData(2, 30)]
    [InlineData(3, 60)]
    [InlineData(7, 960)]
    [InlineData(8, 1440)] // 1920 minutes, capped at a day
    [InlineData(40, 1440)]
    public void LockDuration_EachFurtherLockOfOneClient_TwiceAsLongUpToTheCap(int lockNumber, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), Policy.LockDuration(lockNumber));

    [Fact]
    public void NextAttempt_NewClient_StartsAtOne() => Assert.Equal(1, Policy.NextAttempt(null, Now));

    [Fact]
    public void NextAttempt_UnderTheLimit_CountsOn() =>
        Assert.Equal(5, Policy.NextAttempt(new ClientLogins(4, 0, null, Now), Now));

    [Fact]
    public void NextAttempt_ChecksInProgressReachTheLimit_Refused() =>
        Assert.Null(Policy.NextAttempt(new ClientLogins(5, 0, null, Now - Minute), Now));

    [Fact]
    public void NextAttempt_Locked_RefusedUntilTheLockRunsOutThenAFreshCount()
    {
        var locked = new ClientLogins(5, 1, Now + Minute, Now - Minute);
        Assert.Null(Policy.NextAttempt(locked, Now));
        Assert.Equal(1, Policy.NextAttempt(locked, Now + Minute));
    }

    [Fact]
    public void NextAttempt_ReservedChecksNeverFinished_HoldBackNoLongerThanALock()
    {
        var stale = new ClientLogins(5, 0, null, Now);
        Assert.Null(Policy.NextAttempt(stale, Now + 14 * Minute));
        Assert.Equal(1, Policy.NextAttempt(stale, Now + 15 * Minute));
    }

    [Fact]
    public void TokenScopes_NoneAsked_AllTheCallerHolds() =>
        Assert.Equal(["officer", "org-admin"], TokenScopes.Narrow(["org-admin", "officer", "officer"], null));

    [Fact]
    public void TokenScopes_RoleNotHeld_FieldErrorNamingIt()
    {
        var e = Assert.Throws<FieldErrorsException>(() => TokenScopes.Narrow(["officer"], ["officer", "sysadmin"]));
        Assert.Equal(["roles[1]"], e.Errors.Keys);
    }

    [Fact]
    public void TokenScopes_Subset_OnlyThose() =>
        Assert.Equal(["officer"], TokenScopes.Narrow(["org-admin", "officer"], ["officer"]));
}
