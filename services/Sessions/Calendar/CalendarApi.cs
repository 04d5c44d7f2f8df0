using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.DocumentStore;
using SkillSwap.Sessions.Model;

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

        calendar.MapPost("/calendar-feed", CreateFeedAsync)
            .WithName("CreateCalendarFeed")
            .WithSummary("A private address of your calendar feed, to subscribe to from a calendar application")
            .WithDescription("Calendar applications cannot send an access token, so the address itself is the secret. Asking again "
                + "gives a new address and revokes the previous one.");

        app.MapGet($"{SessionsApi.RoutePrefix}/calendar-feeds/{{secret}}.ics", SubscribedFeedAsync)
            .AllowAnonymous()
            .WithTags("Calendar")
            .WithName("GetSubscribedCalendar")
            .WithSummary("The calendar feed behind a private address (no token: the address is the secret)")
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
        return await FeedOfAsync(callerId, db, time, cancellationToken);
    }

    public sealed record CalendarFeedResponse(string Url);

    private static async Task<Results<Created<CalendarFeedResponse>, ProblemHttpResult>> CreateFeedAsync(
        ClaimsPrincipal user, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return SessionProblems.Unauthenticated();
        }
        var secret = CalendarFeedDocument.NewSecret();
        var feed = new CalendarFeedDocument { Id = CalendarFeedDocument.IdForSecret(secret), UserId = callerId, CreatedAt = time.GetUtcNow() };
        // The user's pointer names the current feed by its hash; replacing it revokes the previous address.
        if (await db.LoadAsync<CalendarFeedDocument>(CalendarFeedDocument.ForUser(callerId), cancellationToken) is { } pointer)
        {
            if (pointer.PointsTo is { } previous)
            {
                db.Delete<CalendarFeedDocument>(previous);
            }
            pointer.PointsTo = feed.Id;
            db.Replace(pointer);
        }
        else
        {
            db.Insert(new CalendarFeedDocument { Id = CalendarFeedDocument.ForUser(callerId), UserId = callerId, CreatedAt = feed.CreatedAt, PointsTo = feed.Id });
        }
        db.Insert(feed);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DocumentConcurrencyException or DuplicateDocumentException)
        {
            return SessionProblems.Busy();
        }
        var url = $"{SessionsApi.RoutePrefix}/calendar-feeds/{secret}.ics";
        return TypedResults.Created(url, new CalendarFeedResponse(url));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> SubscribedFeedAsync(
        string secret, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        var feed = secret.Length == 64 && secret.All(char.IsAsciiHexDigitLower)
            ? await db.LoadAsync<CalendarFeedDocument>(CalendarFeedDocument.IdForSecret(secret), cancellationToken)
            : null;
        if (feed is null)
        {
            return SessionProblems.Problem(StatusCodes.Status404NotFound, "calendar-feed-not-found", "Calendar feed not found",
                "This calendar address does not exist or was replaced by a newer one.");
        }
        return await FeedOfAsync(feed.UserId, db, time, cancellationToken);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> FeedOfAsync(
        Guid userId, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sessions = await SessionQueries.Calendar(db.Query<SessionDocument>(), userId, now - FeedHistory, 500).ToListAsync(cancellationToken);
        var visible = sessions.Where(session => IsInCalendarOf(session, userId));
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
