namespace SkillSwap.Testing;

/// <summary>
/// Real time plus an offset the tests only ever move forward, so deadlines ("in two days", "14 days after the session")
/// can be reached at once.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Moves to <paramref name="instant"/> if it is ahead.</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        var gap = instant - GetUtcNow();
        if (gap > TimeSpan.Zero)
        {
            Advance(gap);
        }
    }
}
