using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Requests;

public static class RequestsApi
{
    public static WebApplication MapRequestsApi(this WebApplication app)
    {
        var requests = app.MapGroup(SessionsApi.RoutePrefix).WithTags("Session requests").RequireAuthorization();

        requests.MapPost("/", RequestAsync)
            .WithMetadata(new RequestSizeLimitAttribute(SessionsApi.MaxRequestBytes))
            .WithName("RequestSession")
            .WithSummary("Ask a teacher for a session")
            .WithDescription("Propose 1 to 3 start times (on a quarter hour, inside the teacher's availability), a duration in quarter "
                + "hours, online or in person. The learner's credits for the duration are held in escrow (status pending-payment, "
                + "then requested; rejected when the balance does not cover it). Send an Idempotency-Key header to make retries safe.");

        requests.MapPost("/{sessionId:guid}/accept", AcceptAsync)
            .WithMetadata(new RequestSizeLimitAttribute(SessionsApi.MaxRequestBytes))
            .WithName("AcceptSessionSlot")
            .WithSummary("Accept one of the proposed start times")
            .WithDescription("By the participant the request is waiting for. Confirms the session and takes the time in both calendars; "
                + "409 slot-taken when either participant already has a session then.");

        requests.MapPost("/{sessionId:guid}/propose", ProposeAsync)
            .WithMetadata(new RequestSizeLimitAttribute(SessionsApi.MaxRequestBytes))
            .WithName("ProposeSessionSlots")
            .WithSummary("Propose other start times")
            .WithDescription("By the participant the request is waiting for; then it waits for the other one.");

        requests.MapPost("/{sessionId:guid}/decline", DeclineAsync)
            .WithName("DeclineSession")
            .WithSummary("Decline a request (teacher)")
            .WithDescription("The learner's held credits are refunded in full.");
        return app;
    }

    private static async Task<Results<Created<SessionResponse>, Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> RequestAsync(
        RequestSessionRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user,
        IDocumentSession db,
        TimeProvider time,
        IOptions<SessionsOptions> options,
        HttpResponse response,
        CancellationToken cancellationToken) =>
        user.UserId() is { } callerId
            ? await RequestSession.HandleAsync(request, callerId, idempotencyKey, db, time, options, response, cancellationToken)
            : SessionProblems.Unauthenticated();

    private static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        Guid sessionId, AcceptSlotRequest request, ClaimsPrincipal user, SessionCommands commands, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return SessionProblems.Unauthenticated();
        }
        if (request.StartsAt is not { } startsAt)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["startsAt"] = ["One of the proposed start times."] });
        }
        return Widen(await commands.ChangeAsync(sessionId, callerId, (change, ct) => RespondToRequest.AcceptAsync(change, startsAt, ct), cancellationToken));
    }

    private static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> ProposeAsync(
        Guid sessionId,
        ProposeSlotsRequest request,
        ClaimsPrincipal user,
        SessionCommands commands,
        TimeProvider time,
        IOptions<SessionsOptions> options,
        CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return SessionProblems.Unauthenticated();
        }
        var errors = new Dictionary<string, string[]>();
        // The duration is the session's own; only the slots are checked here.
        SlotRules.ValidateShape(request.ProposedStarts, SlotRules.MinDurationMinutes, time.GetUtcNow(), options.Value, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return Widen(await commands.ChangeAsync(sessionId, callerId, (change, ct) => RespondToRequest.ProposeAsync(change, request.ProposedStarts!, ct), cancellationToken));
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> DeclineAsync(
        Guid sessionId, ClaimsPrincipal user, SessionCommands commands, CancellationToken cancellationToken) =>
        user.UserId() is { } callerId
            ? await commands.ChangeAsync(sessionId, callerId, RespondToRequest.DeclineAsync, cancellationToken)
            : SessionProblems.Unauthenticated();

    public static Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult> Widen(Results<Ok<SessionResponse>, ProblemHttpResult> result) =>
        result.Result switch
        {
            Ok<SessionResponse> ok => ok,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unexpected result."),
        };
}
