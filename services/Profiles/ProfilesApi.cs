using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Matching;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles;

public static class ProfilesApi
{
    public const string RoutePrefix = "/api/v1/profiles";

    /// <summary>A complete profile edit is about 2 KB; anything far larger is refused before it is read.</summary>
    public const long MaxRequestBytes = 16 * 1024;

    public static WebApplication MapProfilesApi(this WebApplication app)
    {
        var profiles = app.MapGroup(RoutePrefix).WithTags("Profiles").RequireAuthorization();

        profiles.MapGet("/me", GetMineAsync)
            .WithName("GetMyProfile")
            .WithSummary("Your own profile")
            .WithDescription("Every field, with the version (also the ETag) to send back when editing. 404 until the profile "
                + "has been created from the account's registration, which takes a moment after sign-up.");

        profiles.MapPut("/me", UpdateMineAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .WithName("UpdateMyProfile")
            .WithSummary("Replace the editable fields of your profile")
            .WithDescription("Send every editable field and the version you read, in If-Match (\"3\") or the version field. "
                + "A stale version answers 412 (If-Match) or 409 (field); none answers 428. Publishes ProfileUpdated.");

        profiles.MapGet("/{userId:guid}", GetAsync)
            .WithName("GetProfile")
            .WithSummary("Another user's public profile")
            .WithDescription("A \"public\" profile, or a \"matches-only\" one when the two of you match (either can teach "
                + "what the other wants). Anything else, including a profile whose owner blocked you or whom you blocked, "
                + "answers 404 exactly like a missing one. Never includes private fields (locale, visibility, timestamps, "
                + "version, blocks).");
        return app;
    }

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetMineAsync(
        ClaimsPrincipal user, HttpContext httpContext, IDocumentSession db, SkillCatalogue catalogue, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return ProfileProblems.Unauthenticated();
        }
        var profile = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(callerId), cancellationToken);
        if (profile is null)
        {
            return ProfileProblems.ProfileNotFound();
        }
        httpContext.Response.Headers.ETag = ETagOf(profile.Version);
        return TypedResults.Ok(ProfileResponse.From(profile, catalogue));
    }

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> UpdateMineAsync(
        UpdateProfileRequest request,
        ClaimsPrincipal user,
        HttpContext httpContext,
        IDocumentSession db,
        SkillCatalogue catalogue,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return ProfileProblems.Unauthenticated();
        }
        if (!request.TryValidate(out var edit, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await EditMineAsync(callerId, request.Version, httpContext, db, catalogue, profile =>
        {
            edit.ApplyTo(profile, time.GetUtcNow());
            return new ProfileUpdated(
                profile.UserId, profile.DisplayName, profile.Languages, edit.TimeZone, ProfileValues.Name(profile.Visibility))
            {
                Availability = [.. profile.Availability.Select(slot => new WeeklyAvailability(slot.Day, slot.StartMinute, slot.EndMinute))],
                ProfileVersion = profile.Version + 1, // the version this edit commits as (checked by the commit)
            };
        }, cancellationToken);
    }

    /// <summary>
    /// The optimistic-concurrency edit every "PUT …/me…" shares: the version comes in If-Match or in the body
    /// (<paramref name="bodyVersion"/>), must match the stored one, and <paramref name="applyEdit"/> changes the
    /// loaded profile and names the event to publish with it in the same commit.
    /// </summary>
    internal static async Task<Results<Ok<ProfileResponse>, ValidationProblem, ProblemHttpResult>> EditMineAsync(
        Guid callerId,
        long? bodyVersion,
        HttpContext httpContext,
        IDocumentSession db,
        SkillCatalogue catalogue,
        Func<ProfileDocument, IntegrationEvent> applyEdit,
        CancellationToken cancellationToken)
    {
        if (!TryReadIfMatch(httpContext.Request.Headers.IfMatch, out var ifMatch))
        {
            return ProfileProblems.InvalidIfMatch();
        }
        if (ifMatch is { Version: { } headerVersion } && bodyVersion is { } versionInBody && headerVersion != versionInBody)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["version"] = [$"The version field ({versionInBody}) disagrees with If-Match ({headerVersion})."],
            });
        }
        if (ifMatch is null && bodyVersion is null)
        {
            return ProfileProblems.VersionRequired();
        }

        var profile = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(callerId), cancellationToken);
        if (profile is null)
        {
            return ProfileProblems.ProfileNotFound();
        }
        // If-Match: * asks for no version check; otherwise the edit must be based on the stored version.
        var expectedVersion = ifMatch is not null ? ifMatch.Version : bodyVersion;
        var fromIfMatch = ifMatch is not null;
        if (expectedVersion is { } expected && expected != profile.Version)
        {
            return ProfileProblems.VersionConflict(fromIfMatch);
        }

        var announcement = applyEdit(profile);
        db.Replace(profile);
        db.PublishOnCommit(announcement);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentConcurrencyException)
        {
            // Another edit committed between our read and our write.
            return ProfileProblems.VersionConflict(fromIfMatch);
        }
        httpContext.Response.Headers.ETag = ETagOf(profile.Version);
        return TypedResults.Ok(ProfileResponse.From(profile, catalogue));
    }

    private static async Task<Results<Ok<PublicProfileResponse>, ProblemHttpResult>> GetAsync(
        Guid userId, ClaimsPrincipal user, IDocumentSession db, MatchFinder matches, SkillCatalogue catalogue, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return ProfileProblems.Unauthenticated();
        }
        var profile = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(userId), cancellationToken);
        // Its owner may look at it, to preview what others see.
        if (profile is not null && profile.UserId == callerId)
        {
            return TypedResults.Ok(PublicProfileResponse.From(profile, catalogue, profile.Locale));
        }
        return await ShownToAsync(userId, callerId, db, matches, cancellationToken) is var (shown, caller)
            ? TypedResults.Ok(PublicProfileResponse.From(shown, catalogue, caller?.Locale ?? ProfileValues.DefaultLocale))
            : ProfileProblems.ProfileNotFound();
    }

    /// <summary>
    /// Someone else's profile as <paramref name="callerId"/> may see it (with the caller's own profile, if any), or null
    /// for "missing", "blocked" and "not shown to you" alike, so a hidden profile's existence does not leak.
    /// </summary>
    internal static async Task<(ProfileDocument Profile, ProfileDocument? Caller)?> ShownToAsync(
        Guid userId, Guid callerId, IDocumentSession db, MatchFinder matches, CancellationToken cancellationToken)
    {
        var profile = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(userId), cancellationToken);
        if (profile is null || profile.UserId == callerId || profile.BlockedUserIds.Contains(callerId))
        {
            return null;
        }
        var caller = await db.LoadAsync<ProfileDocument>(ProfileDocument.IdFor(callerId), cancellationToken);
        if (caller is not null && caller.BlockedUserIds.Contains(userId))
        {
            return null;
        }
        if (profile.Visibility != ProfileVisibility.Public
            && (caller is null || !await matches.AreMatchedAsync(caller, profile, cancellationToken)))
        {
            return null;
        }
        return (profile, caller);
    }

    private static string ETagOf(long version) => $"\"{version}\"";

    /// <summary>The If-Match precondition: absent (null), "*" (a match with no version), or one version.</summary>
    private sealed record IfMatchPrecondition(long? Version);

    private static bool TryReadIfMatch(StringValues header, out IfMatchPrecondition? precondition)
    {
        precondition = null;
        if (StringValues.IsNullOrEmpty(header))
        {
            return true;
        }
        if (header.Count != 1)
        {
            return false;
        }
        var value = header.ToString().Trim();
        if (value == "*")
        {
            precondition = new IfMatchPrecondition(null);
            return true;
        }
        // A strong ETag as we send it ("3"); a bare number is accepted too, for hand-written requests.
        var unquoted = value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
        if (long.TryParse(unquoted, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) && version >= 1)
        {
            precondition = new IfMatchPrecondition(version);
            return true;
        }
        return false;
    }
}
