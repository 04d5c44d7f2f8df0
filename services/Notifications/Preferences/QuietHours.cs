namespace SkillSwap.Notifications.Preferences;

/// <summary>
/// A nightly window on the person's own clock (e.g. 22:00 → 07:00) during which pushes wait; they are sent when it ends.
/// Emails and the in-app inbox are not held back: they make no sound. An end that falls in the spring-forward gap ends
/// when the clock resumes; one the clock shows twice (autumn) ends the second time.
/// </summary>
public sealed record QuietHours(TimeOnly From, TimeOnly To)
{
    /// <summary>When a push made at <paramref name="now"/> may be sent: now, or the end of the window it falls in.</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        var overnight = From > To;
        var quiet = overnight ? time >= From || time < To : time >= From && time < To;
        if (!quiet)
        {
            return now;
        }
        var endDay = overnight && time >= From ? local.Date.AddDays(1) : local.Date;
        var end = endDay + To.ToTimeSpan();
        while (zone.IsInvalidTime(end))
        {
            end = end.AddMinutes(1); // the end falls in a spring-forward gap: the first minute the clock shows after it
        }
        return new DateTimeOffset(end, zone.GetUtcOffset(end)).ToUniversalTime();
    }
}
