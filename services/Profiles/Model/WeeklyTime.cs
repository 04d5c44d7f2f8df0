using SkillSwap.Profiles.Search;

namespace SkillSwap.Profiles.Model;

/// <summary>
/// Weekly availability across time zones. Each person's ranges are kept on their own clock; to compare two people
/// they are placed on one UTC week (0 = Monday 00:00 UTC) with the offset each zone has at that moment, so the
/// comparison follows daylight-saving changes as they happen. A range that crosses the end of the UTC week is split.
/// </summary>
public static class WeeklyTime
{
    private const int MinutesPerDay = 24 * 60;

    public static IReadOnlyList<WeekRange> ToUtcWeekRanges(IEnumerable<WeeklySlot> slots, string? timeZone, DateTimeOffset? at = null)
    {
        var offset = OffsetMinutes(timeZone, at ?? DateTimeOffset.UtcNow);
        var ranges = new List<WeekRange>();
        foreach (var slot in slots)
        {
            var start = Modulo(DayIndex(slot.Day) * MinutesPerDay + slot.StartMinute - offset, WeekRange.MinutesPerWeek);
            var end = start + (slot.EndMinute - slot.StartMinute);
            if (end <= WeekRange.MinutesPerWeek)
            {
                ranges.Add(new WeekRange(start, end));
            }
            else
            {
                ranges.Add(new WeekRange(start, WeekRange.MinutesPerWeek));
                ranges.Add(new WeekRange(0, end - WeekRange.MinutesPerWeek));
            }
        }
        return Merge(ranges);
    }

    /// <summary>One weekday range on <paramref name="timeZone"/>'s clock as UTC week ranges (two when it wraps).</summary>
    public static IReadOnlyList<WeekRange> ToUtcWeekRanges(DayOfWeek day, int startMinute, int endMinute, string? timeZone) =>
        ToUtcWeekRanges([new WeeklySlot(day, startMinute, endMinute)], timeZone);

    /// <summary>Minutes per week both people are available.</summary>
    public static int OverlapMinutes(IReadOnlyList<WeekRange> left, IReadOnlyList<WeekRange> right)
    {
        var total = 0;
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                total += Math.Max(0, Math.Min(a.End, b.End) - Math.Max(a.Start, b.Start));
            }
        }
        return total;
    }

    private static int OffsetMinutes(string? timeZone, DateTimeOffset at) =>
        timeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone)
            ? (int)zone.GetUtcOffset(at).TotalMinutes
            : 0;

    /// <summary>Monday is 0: the ISO week, which is what people mean by "the week".</summary>
    private static int DayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    private static int Modulo(int value, int modulus) => ((value % modulus) + modulus) % modulus;

    private static List<WeekRange> Merge(List<WeekRange> ranges)
    {
        var merged = new List<WeekRange>();
        foreach (var range in ranges.OrderBy(range => range.Start))
        {
            if (merged.Count > 0 && merged[^1].End >= range.Start)
            {
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, range.End) };
            }
            else
            {
                merged.Add(range);
            }
        }
        return merged;
    }
}
