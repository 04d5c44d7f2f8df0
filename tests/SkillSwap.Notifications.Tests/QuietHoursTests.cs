using SkillSwap.Notifications.Preferences;

namespace SkillSwap.Notifications.Tests;

/// <summary>When a push made at a given instant may go, on the person's clock, daylight saving included.</summary>
public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly QuietHours Night = new(new TimeOnly(22, 0), new TimeOnly(7, 0));

    [Theory]
    [InlineData("2026-01-15T22:30:00Z", "2026-01-16T06:00:00Z")] // 23:30 in Paris: until 07:00 tomorrow
    [InlineData("2026-01-15T04:00:00Z", "2026-01-15T06:00:00Z")] // 05:00: until 07:00 today
    [InlineData("2026-01-15T21:00:00Z", "2026-01-16T06:00:00Z")] // 22:00 sharp is quiet
    [InlineData("2026-01-15T06:00:00Z", "2026-01-15T06:00:00Z")] // 07:00 sharp is not
    [InlineData("2026-01-15T11:00:00Z", "2026-01-15T11:00:00Z")] // noon: at once
    [InlineData("2026-03-28T22:00:00Z", "2026-03-29T05:00:00Z")] // the night clocks go forward: 07:00 is UTC+2
    [InlineData("2026-10-24T21:00:00Z", "2026-10-25T06:00:00Z")] // the night clocks go back: 07:00 is UTC+1
    public void A_window_across_midnight_ends_at_its_local_end(string at, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), Night.NextAllowed(DateTimeOffset.Parse(at), Paris));

    [Fact]
    public void A_daytime_window_and_an_end_inside_the_spring_forward_gap()
    {
        var lunch = new QuietHours(new TimeOnly(13, 0), new TimeOnly(15, 0));
        Assert.Equal(DateTimeOffset.Parse("2026-06-10T13:00:00Z"), lunch.NextAllowed(DateTimeOffset.Parse("2026-06-10T12:00:00Z"), Paris));
        Assert.Equal(DateTimeOffset.Parse("2026-06-10T14:00:00Z"), lunch.NextAllowed(DateTimeOffset.Parse("2026-06-10T14:00:00Z"), Paris));

        // 02:30 does not exist in Paris on 29 March 2026 (02:00 → 03:00): the window ends when the clock shows 03:00.
        var early = new QuietHours(new TimeOnly(1, 0), new TimeOnly(2, 30));
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:00:00Z"), early.NextAllowed(DateTimeOffset.Parse("2026-03-29T00:30:00Z"), Paris));
    }
}
