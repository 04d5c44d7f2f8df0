using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Cancellation;

public static class CancellationApi
{
    public static WebApplication MapCancellationApi(this WebApplication app)
    {
        app.MapGroup(SessionsApi.RoutePrefix).WithTags("Sessions").RequireAuthorization()
            .MapPost("/{sessionId:guid}/cancel", CancelAsync)
            .WithName("CancelSession")
            .WithSummary("Cancel a session (or leave a group session)")
            .WithDescription("Before it starts, by either participant. Free up to 24 h before the start; later it is a late cancellation: "
                + "recorded in the canceller's reliability, and a learner's late cancellation pays the teacher a share of the credits. "
                + "A learner cancelling a group session leaves their seat; the teacher cancels it for everyone.");
        return app;
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> CancelAsync(
        Guid sessionId, ClaimsPrincipal user, SessionCommands commands, CancellationToken cancellationToken) =>
        user.UserId() is { } callerId
            ? await commands.ChangeAsync(sessionId, callerId, CancelSession.CancelAsync, cancellationToken)
            : SessionProblems.Unauthenticated();
}
