using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Participants;

namespace SkillSwap.Sessions.Requests;

/// <summary>What a proposed start must be, wherever it is proposed (a request, a counter-proposal, a group session).</summary>
public static class SlotRules
{
    public const int MaxProposals = 3;
    public const int MinDurationMinutes = 15;
    public const int MaxDurationMinutes = 8 * 60;

    /// <summary>Field errors for the shape of the slots (the caller turns them into a validation problem).</summary>
    public static void ValidateShape(IReadOnlyList<DateTimeOffset>? starts, int durationMinutes, DateTimeOffset now, SessionsOptions options, Dictionary<string, string[]> errors, string field = "proposedStarts")
    {
        if (durationMinutes is < MinDurationMinutes or > MaxDurationMinutes || durationMinutes % CalendarClaim.QuarterMinutes != 0)
        {
            errors["durationMinutes"] = [$"Between {MinDurationMinutes} and {MaxDurationMinutes} minutes, in whole quarter hours."];
        }
        if (starts is null || starts.Count is 0 or > MaxProposals)
        {
            errors[field] = [$"Propose between 1 and {MaxProposals} start times."];
            return;
        }
        var problems = new List<string>();
        if (starts.Any(start => !CalendarClaim.IsOnQuarter(start)))
        {
            problems.Add("Start times fall on a quarter hour (…:00, :15, :30, :45), with no seconds.");
        }
        if (starts.Any(start => start < now + options.MinimumNotice))
        {
            problems.Add($"Start times are at least {options.MinimumNotice.TotalMinutes:0} minutes from now.");
        }
        if (starts.Any(start => start > now + options.BookingHorizon))
        {
            problems.Add($"Start times are at most {options.BookingHorizon.TotalDays:0} days ahead.");
        }
        if (starts.Select(start => start.UtcTicks).Distinct().Count() != starts.Count)
        {
            problems.Add("Each start time is proposed once.");
        }
        if (problems.Count > 0)
        {
            errors[field] = [.. problems];
        }
    }

    /// <summary>A learner's proposals must fall inside the teacher's published availability, read on the teacher's clock on each date.</summary>
    public static void RequireTeacherAvailable(ParticipantDocument teacher, IEnumerable<DateTimeOffset> starts, int durationMinutes)
    {
        foreach (var outside in starts.Where(start => !teacher.IsAvailable(start, durationMinutes)))
        {
            var local = TimeZoneInfo.ConvertTime(outside, teacher.Zone());
            throw new SessionRuleException(StatusCodes.Status422UnprocessableEntity, "outside-availability", "The teacher is not available then",
                $"{local:dddd HH:mm} on the teacher's clock ({teacher.Zone().Id}) is outside the times they offer.");
        }
    }

    public static List<DateTimeOffset> Normalise(IEnumerable<DateTimeOffset> starts) =>
        [.. starts.Select(start => start.ToUniversalTime()).Order()];
}
