using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.GroupSessions;

public static class GroupSessionsApi
{
    public static WebApplication MapGroupSessionsApi(this WebApplication app)
    {
        var groups = app.MapGroup(SessionsApi.RoutePrefix).WithTags("Group sessions").RequireAuthorization();

        groups.MapPost("/groups", CreateAsync)
            .WithMetadata(new RequestSizeLimitAttribute(SessionsApi.MaxRequestBytes))
            .WithName("CreateGroupSession")
            .WithSummary("Plan a group session (teacher)")
            .WithDescription("A fixed start time, a duration, a capacity of 2 to 50 learners. The time is taken in your calendar.");

        groups.MapPost("/{sessionId:guid}/seats", JoinAsync)
            .WithName("JoinGroupSession")
            .WithSummary("Take a seat in a group session")
            .WithDescription("Holds your credits for the duration (your seat is pending-payment, then held; rejected when your balance "
                + "does not cover it) and takes the time in your calendar. 409 session-full when every seat is taken.");
        groups.MapGet("/groups", ListOpenAsync)
            .WithName("ListOpenGroupSessions")
            .WithSummary("Group sessions still open to join, soonest first")
            .WithDescription("Optionally of one teacher (teacherId). Shows seats left, never who the learners are.");
        return app;
    }

    public sealed record OpenGroupSession(string Id, string TeacherId, string SkillLabel, DateTimeOffset StartsAt, int DurationMinutes, string Format, string? Location, string? Description, int Capacity, int SeatsLeft);

    private static async Task<Ok<IReadOnlyList<OpenGroupSession>>> ListOpenAsync(
        [FromQuery] Guid? teacherId, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sessions = await SessionQueries.OpenGroups(db.Query<SessionDocument>(), now, teacherId, SessionsApi.MaxPageSize).ToListAsync(cancellationToken);
        IReadOnlyList<OpenGroupSession> open = [.. sessions
            .Select(session => new OpenGroupSession(session.SessionId.ToString(), session.TeacherId.ToString(), session.SkillLabel, session.StartsAt,
                session.DurationMinutes, WireNames.Of(session.Format), session.Location, session.Message, session.Capacity,
                session.Capacity - session.ActiveSeats.Count()))
            .Where(session => session.SeatsLeft > 0)];
        return TypedResults.Ok(open);
    }

    private static async Task<Results<Created<SessionResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateGroupSessionRequest request,
        ClaimsPrincipal user,
        IDocumentSession db,
        TimeProvider time,
        IOptions<SessionsOptions> options,
        CancellationToken cancellationToken) =>
        user.UserId() is { } callerId
            ? await PlanGroupSession.CreateAsync(request, callerId, db, time, options, cancellationToken)
            : SessionProblems.Unauthenticated();

    /// <summary>Anyone may join a group session they know the id of: the participant check of other changes does not apply.</summary>
    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> JoinAsync(
        Guid sessionId, ClaimsPrincipal user, SessionCommands commands, CancellationToken cancellationToken) =>
        user.UserId() is { } callerId
            ? await commands.ChangeAsync(sessionId, callerId, PlanGroupSession.JoinAsync, cancellationToken, participantsOnly: false)
            : SessionProblems.Unauthenticated();
}
