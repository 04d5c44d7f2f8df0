using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.DocumentStore;
using SkillSwap.Sessions.Sessions;

namespace SkillSwap.Sessions.Calendar;

public static class CalendarApi
{
    /// <summary>How far back the feed reaches, so recent sessions stay visible in the calendar.</summary>
    private static readonly TimeSpan FeedHistory = TimeSpan.FromDays(30);

    public static WebApplication MapCalendarApi(this WebApplication app)
    {
        var calendar = app.MapGroup(SessionsApi.RoutePrefix).WithTags("Calendar").RequireAuthorization();

        calendar.MapGet("/calendar.ics", FeedAsync)
            .WithName("GetMyCalendar")
            .WithSummary("Your sessions as an iCalendar feed")
            .WithDescription("Requested, planned and cancelled sessions from 30 days ago on, in UTC (calendar apps show them on their own clock).")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar");

        calendar.MapGet("/{sessionId:guid}/calendar.ics", OneAsync)
            .WithName("GetSessionCalendar")
            .WithSummary("One session as an iCalendar event, to add to a calendar")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar");
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> FeedAsync(
        ClaimsPrincipal user, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return SessionProblems.Unauthenticated();
        }
        var now = time.GetUtcNow();
        var from = now - FeedHistory;
        var sessions = await SessionQueries.Calendar(db.Query<SessionDocument>(), callerId, from, 500).ToListAsync(cancellationToken);
        var visible = sessions.Where(session => IsInCalendarOf(session, callerId));
        return TypedResults.Content(ICalendarWriter.Write(visible, now, "SkillSwap"), ICalendarWriter.ContentType);
    }

    /// <summary>Sessions that were or are on the person's agenda (not refused requests), and not a group they left.</summary>
    private static bool IsInCalendarOf(SessionDocument session, Guid userId) =>
        session.Status is not (SessionStatus.PendingPayment or SessionStatus.Rejected or SessionStatus.Declined or SessionStatus.Expired)
        && (session.IsTeacher(userId) || session.Kind == SessionKind.OneToOne
            || session.Seats.Any(seat => seat.LearnerId == userId && seat.Status != SeatStatus.Cancelled && seat.Status != SeatStatus.Rejected));

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> OneAsync(
        Guid sessionId, ClaimsPrincipal user, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return SessionProblems.Unauthenticated();
        }
        var session = await db.LoadAsync<SessionDocument>(SessionDocument.IdFor(sessionId), cancellationToken);
        if (session is null || session.RoleOf(callerId) is null)
        {
            return SessionProblems.NotFound();
        }
        return TypedResults.Content(ICalendarWriter.Write([session], time.GetUtcNow(), $"SkillSwap: {session.SkillLabel}"), ICalendarWriter.ContentType);
    }
}
