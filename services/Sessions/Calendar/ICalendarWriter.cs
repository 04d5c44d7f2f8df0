using System.Globalization;
using System.Text;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Calendar;

/// <summary>
/// Writes sessions as an iCalendar (RFC 5545) document. Times are written in UTC ("Z"): every calendar application
/// shows them on its own clock, which is what keeps them right across daylight-saving changes. Text is escaped and
/// lines are folded at 75 octets as the RFC requires.
/// </summary>
public static class ICalendarWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Write(IEnumerable<SessionDocument> sessions, DateTimeOffset now, string calendarName)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//SkillSwap//Sessions//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            $"X-WR-CALNAME:{Escape(calendarName)}",
        };
        foreach (var session in sessions)
        {
            lines.Add("BEGIN:VEVENT");
            lines.Add($"UID:{session.SessionId:N}@skillswap.app");
            lines.Add($"DTSTAMP:{Utc(now)}");
            lines.Add($"DTSTART:{Utc(session.StartsAt)}");
            lines.Add($"DTEND:{Utc(session.EndsAt)}");
            lines.Add($"SEQUENCE:{session.Version}");
            lines.Add($"STATUS:{(session.Status == SessionStatus.Cancelled ? "CANCELLED" : session.Status == SessionStatus.Confirmed ? "CONFIRMED" : "TENTATIVE")}");
            lines.Add($"SUMMARY:{Escape($"SkillSwap: {session.SkillLabel}")}");
            if (session.Format == SessionFormat.InPerson && session.Location is { } location)
            {
                lines.Add($"LOCATION:{Escape(location)}");
            }
            lines.Add($"DESCRIPTION:{Escape($"{(session.Kind == SessionKind.Group ? "Group session" : "Session")} ({WireNames.Of(session.Format)}), {session.DurationMinutes} min.")}");
            lines.Add("END:VEVENT");
        }
        lines.Add("END:VCALENDAR");
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(line, builder);
        }
        return builder.ToString();
    }

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Lines longer than 75 octets continue on the next line after a space, never splitting a UTF-8 character.</summary>
    private static void Fold(string line, StringBuilder output)
    {
        var octets = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var length = rune.Utf8SequenceLength;
            if (octets + length > limit)
            {
                output.Append("\r\n ");
                octets = 0;
                limit = 74;
            }
            output.Append(rune.ToString());
            octets += length;
        }
        output.Append("\r\n");
    }
}
