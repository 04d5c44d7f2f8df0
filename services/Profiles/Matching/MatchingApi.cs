using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.Matching;

public static class MatchingApi
{
    public const string Route = "/api/v1/matches";
    public const int MaxLimit = 50;
    public const int MaxDismissed = 500;

    public static WebApplication MapMatchingApi(this WebApplication app)
    {
        var matches = app.MapGroup(Route).WithTags("Matching").RequireAuthorization();
        matches.MapGet("/", GetMatchesAsync)
            .WithName("GetMyMatches")
            .WithSummary("The people you should meet, best first, each with the reasons why")
            .WithDescription("mode=reciprocal (default): each of you can teach what the other wants; two-sided matches "
                + "always rank above one-sided ones. mode=mentor: mentors whose expertise fits your goals. Never includes "
                + "people you blocked, who blocked you, or whom you dismissed. limit 1–50 (default 20).");
        matches.MapPut("/dismissed/{userId:guid}", DismissAsync)
            .WithName("DismissMatch")
            .WithSummary("Stop suggesting this person to you")
            .WithDescription("They stay findable by search. Idempotent; the last 500 dismissals are kept.");
        return app;
    }

    public sealed record MatchSkill(string? SkillId, string Label, int Level);

    public sealed record MatchResponse(
        Guid UserId,
        string DisplayName,
        string? PhotoUrl,
        double Score,
        bool Reciprocal,
        string Summary,
        IReadOnlyList<MatchReason> Reasons,
        IReadOnlyList<MatchSkill> Offered,
        IReadOnlyList<MatchSkill> Wanted);

    public sealed record MatchesResponse(string Mode, IReadOnlyList<MatchResponse> Items);

    private static async Task<Results<Ok<MatchesResponse>, ValidationProblem, ProblemHttpResult>> GetMatchesAsync(
        ClaimsPrincipal user, IDocumentSession db, MatchFinder finder, SkillCatalogue catalogue, TimeProvider time, CancellationToken cancellationToken,
        string? mode = null, int? limit = null)
    {
        if (user.UserId() is not { } callerId)
        {
            return ProfileProblems.Unauthenticated();
        }
        var errors = new Dictionary<string, string[]>();
        var matchMode = mode switch
        {
            null or "reciprocal" => MatchMode.Reciprocal,
            "mentor" => MatchMode.Mentor,
            _ => (MatchMode?)null,
        };
        if (matchMode is null)
        {
            errors["mode"] = ["The mode is \"reciprocal\" or \"mentor\"."];
        }
        if (limit is not null and not (>= 1 and <= MaxLimit))
        {
            errors["limit"] = [$"The limit is from 1 to {MaxLimit}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var me = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(callerId), cancellationToken);
        if (me is null)
        {
            return ProfileProblems.ProfileNotFound();
        }
        var found = await finder.FindAsync(me, matchMode!.Value, limit ?? 20, cancellationToken);
        ProfilesMetrics.MatchesProposed.Add(found.Count);
        if (found.Count > 0 && me.FirstMatchesShownAt is null)
        {
            await db.ApplyAsync(callerId, profile =>
            {
                if (profile.FirstMatchesShownAt is not null)
                {
                    return false;
                }
                profile.FirstMatchesShownAt = time.GetUtcNow();
                return true;
            }, _ => new FirstMatchesShown(callerId, found.Count), cancellationToken);
        }
        return TypedResults.Ok(new MatchesResponse(
            matchMode.Value == MatchMode.Mentor ? "mentor" : "reciprocal",
            [.. found.Select(match => new MatchResponse(
                match.Candidate.UserId,
                match.Candidate.DisplayName,
                match.Candidate.PhotoUrl,
                match.Score,
                match.TwoSided,
                string.Join(" · ", match.Reasons.Select(reason => reason.Text)),
                match.Reasons,
                [.. match.Candidate.Offered.Select(skill => new MatchSkill(skill.SkillId, catalogue.LabelOf(skill.SkillId, skill.Label, me.Locale), skill.Level))],
                [.. match.Candidate.Wanted.Select(skill => new MatchSkill(skill.SkillId, catalogue.LabelOf(skill.SkillId, skill.Label, me.Locale), skill.Level))]))]));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DismissAsync(
        Guid userId, ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return ProfileProblems.Unauthenticated();
        }
        if (userId == callerId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userId"] = ["You are never suggested to yourself."] });
        }
        var found = await db.ApplyAsync(callerId, profile =>
        {
            if (profile.DismissedUserIds.Contains(userId))
            {
                return false;
            }
            profile.DismissedUserIds.Add(userId);
            if (profile.DismissedUserIds.Count > MaxDismissed)
            {
                profile.DismissedUserIds.RemoveAt(0);
            }
            return true;
        }, announce: null, cancellationToken);
        return found ? TypedResults.NoContent() : ProfileProblems.ProfileNotFound();
    }
}
