using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;

namespace SkillSwap.Profiles.Blocking;

public static class BlockingApi
{
    public const string Route = ProfilesApi.RoutePrefix + "/me/blocked-users";
    public const int MaxBlocked = 1000;

    public static WebApplication MapBlockingApi(this WebApplication app)
    {
        var blocked = app.MapGroup(Route).WithTags("Blocking").RequireAuthorization();
        blocked.MapGet("/", ListAsync)
            .WithName("ListBlockedUsers")
            .WithSummary("The people you blocked");
        blocked.MapPut("/{userId:guid}", BlockAsync)
            .WithName("BlockUser")
            .WithSummary("Block someone")
            .WithDescription("From now on neither of you is suggested, found or shown to the other. Idempotent. "
                + "Publishes UserBlocked, which chat and sessions use to keep you apart.");
        blocked.MapDelete("/{userId:guid}", UnblockAsync)
            .WithName("UnblockUser")
            .WithSummary("Lift a block")
            .WithDescription("Idempotent. Publishes UserUnblocked.");
        return app;
    }

    public sealed record BlockedUsersResponse(IReadOnlyList<Guid> UserIds);

    private static async Task<Results<Ok<BlockedUsersResponse>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return ProfileProblems.Unauthenticated();
        }
        var profile = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(callerId), cancellationToken);
        return profile is null ? ProfileProblems.ProfileNotFound() : TypedResults.Ok(new BlockedUsersResponse(profile.BlockedUserIds));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> BlockAsync(
        Guid userId, ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return ProfileProblems.Unauthenticated();
        }
        if (userId == callerId || userId == Guid.Empty)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userId"] = ["You cannot block yourself."] });
        }
        var full = false;
        var found = await db.ApplyAsync(callerId, profile =>
        {
            if (profile.BlockedUserIds.Contains(userId))
            {
                return false;
            }
            full = profile.BlockedUserIds.Count >= MaxBlocked;
            if (full)
            {
                return false;
            }
            profile.BlockedUserIds.Add(userId);
            return true;
        }, profile => new UserBlocked(callerId, userId), cancellationToken);
        if (full)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["userId"] = [$"You have blocked {MaxBlocked} people, the most one profile keeps; unblock someone first."],
            });
        }
        return found ? TypedResults.NoContent() : ProfileProblems.ProfileNotFound();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnblockAsync(
        Guid userId, ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return ProfileProblems.Unauthenticated();
        }
        var found = await db.ApplyAsync(callerId, profile => profile.BlockedUserIds.Remove(userId),
            profile => new UserUnblocked(callerId, userId), cancellationToken);
        return found ? TypedResults.NoContent() : ProfileProblems.ProfileNotFound();
    }
}
