using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Requests;

namespace SkillSwap.Sessions.Completion;

public static class CompletionApi
{
    public const string ModeratorPolicy = "moderator";

    public static WebApplication MapCompletionApi(this WebApplication app)
    {
        var completion = app.MapGroup(SessionsApi.RoutePrefix).WithTags("Sessions").RequireAuthorization();

        completion.MapPost("/{sessionId:guid}/confirm-completion", ConfirmAsync)
            .WithName("ConfirmSessionCompleted")
            .WithSummary("Confirm that the session took place")
            .WithDescription("After the end. Once the teacher and every learner confirmed, the session completes and the credits go to "
                + "the teacher; without a dispute it completes by itself 48 h after the end.");

        completion.MapPost("/{sessionId:guid}/dispute", DisputeAsync)
            .WithMetadata(new RequestSizeLimitAttribute(SessionsApi.MaxRequestBytes))
            .WithName("DisputeSession")
            .WithSummary("Report that the session did not take place as agreed")
            .WithDescription("From its start until 48 h after its end. reason: no-show, did-not-happen or not-as-agreed; details: plain text. "
                + "The credits stay frozen until a moderator resolves it.");

        completion.MapPost("/{sessionId:guid}/dispute/resolution", ResolveAsync)
            .RequireAuthorization(ModeratorPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(SessionsApi.MaxRequestBytes))
            .WithName("ResolveSessionDispute")
            .WithSummary("Settle a dispute (moderators)")
            .WithDescription("learnerRefundPercent (0–100) of the escrow goes back to the learner, the rest to the teacher; noShowBy "
                + "(teacher, learner or absent) records an upheld no-show. bookingId picks a learner's seat in a group session.");
        return app;
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> ConfirmAsync(
        Guid sessionId, ClaimsPrincipal user, SessionCommands commands, CancellationToken cancellationToken) =>
        user.UserId() is { } callerId
            ? await commands.ChangeAsync(sessionId, callerId, CompleteSession.ConfirmAsync, cancellationToken)
            : SessionProblems.Unauthenticated();

    private static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> DisputeAsync(
        Guid sessionId, DisputeRequest request, ClaimsPrincipal user, SessionCommands commands, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return SessionProblems.Unauthenticated();
        }
        var errors = new Dictionary<string, string[]>();
        if (request.Reason is null || !DisputeSession.Reasons.Contains(request.Reason))
        {
            errors["reason"] = [$"One of {string.Join(", ", DisputeSession.Reasons)}."];
        }
        if (request.Details is { Length: > DisputeSession.MaxDetailsLength })
        {
            errors["details"] = [$"At most {DisputeSession.MaxDetailsLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return RequestsApi.Widen(await commands.ChangeAsync(sessionId, callerId, (change, _) =>
        {
            DisputeSession.Dispute(change, request.Reason!, request.Details?.Trim());
            return Task.CompletedTask;
        }, cancellationToken));
    }

    private static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> ResolveAsync(
        Guid sessionId, ResolveDisputeRequest request, ClaimsPrincipal user, SessionCommands commands, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return SessionProblems.Unauthenticated();
        }
        var errors = new Dictionary<string, string[]>();
        if (request.LearnerRefundPercent is not (>= 0 and <= 100))
        {
            errors["learnerRefundPercent"] = ["A whole number from 0 to 100."];
        }
        SessionRole? noShowBy = null;
        if (request.NoShowBy is not null)
        {
            if (WireNames.TryParse<SessionRole>(request.NoShowBy, out var role))
            {
                noShowBy = role;
            }
            else
            {
                errors["noShowBy"] = ["\"teacher\", \"learner\", or absent."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return RequestsApi.Widen(await commands.ChangeAsync(sessionId, callerId,
            (change, ct) => DisputeSession.ResolveAsync(change, request.BookingId, request.LearnerRefundPercent!.Value, noShowBy, ct),
            cancellationToken, participantsOnly: false));
    }
}
