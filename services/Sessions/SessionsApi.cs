using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SkillSwap.DocumentStore;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Participants;

namespace SkillSwap.Sessions;

/// <summary>Reading one's sessions. The changes are mapped per feature (requests, cancellation, completion, group sessions).</summary>
public static class SessionsApi
{
    public const string RoutePrefix = "/api/v1/sessions";
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>The largest body any session endpoint accepts (a request with a 1,000-character message is about 1.5 KB).</summary>
    public const long MaxRequestBytes = 16 * 1024;

    public static WebApplication MapSessionsApi(this WebApplication app)
    {
        var sessions = app.MapGroup(RoutePrefix).WithTags("Sessions").RequireAuthorization();

        sessions.MapGet("/", ListAsync)
            .WithName("ListMySessions")
            .WithSummary("Your sessions, as teacher or learner, by start time")
            .WithDescription("Optional filters: status (e.g. confirmed), role (teacher or learner), from (an instant; default: all). "
                + "Cursor-paged: pass the nextCursor of one page to get the next.");

        sessions.MapGet("/{sessionId:guid}", GetAsync)
            .WithName("GetSession")
            .WithSummary("One of your sessions")
            .WithDescription("404 for a session you do not take part in, exactly as for a missing one.");
        return app;
    }

    public sealed record SessionPage(IReadOnlyList<SessionResponse> Items, string? NextCursor);

    private static async Task<Results<Ok<SessionPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user,
        IDocumentSession db,
        [FromQuery] string? status,
        [FromQuery] string? role,
        [FromQuery] DateTimeOffset? from,
        [FromQuery] string? cursor,
        [FromQuery] int? limit,
        CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return SessionProblems.Unauthenticated();
        }
        var errors = new Dictionary<string, string[]>();
        SessionStatus? statusFilter = null;
        if (status is not null)
        {
            if (WireNames.TryParse<SessionStatus>(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = [$"One of {WireNames.List<SessionStatus>()}."];
            }
        }
        SessionRole? roleFilter = null;
        if (role is not null)
        {
            if (WireNames.TryParse<SessionRole>(role, out var parsed))
            {
                roleFilter = parsed;
            }
            else
            {
                errors["role"] = ["\"teacher\" or \"learner\"."];
            }
        }
        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"Between 1 and {MaxPageSize}."];
        }
        (DateTimeOffset StartsAt, string Id)? after = null;
        if (cursor is not null)
        {
            if (TryReadCursor(cursor, out var read))
            {
                after = read;
            }
            else
            {
                errors["cursor"] = ["Not a cursor this API returned."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var pageSize = limit ?? DefaultPageSize;
        var page = await SessionQueries.Page(db.Query<SessionDocument>(), callerId, statusFilter, roleFilter, from, after, pageSize + 1)
            .ToListAsync(cancellationToken);
        var items = new List<SessionResponse>();
        var people = new Dictionary<Guid, ParticipantDocument>();
        foreach (var session in page.Take(pageSize))
        {
            items.Add(await db.ToResponseAsync(session, callerId, cancellationToken, people));
        }
        var next = page.Count > pageSize ? WriteCursor(page[pageSize - 1]) : null;
        return TypedResults.Ok(new SessionPage(items, next));
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetAsync(
        Guid sessionId, ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return SessionProblems.Unauthenticated();
        }
        var session = await db.LoadAsync<SessionDocument>(SessionDocument.IdFor(sessionId), cancellationToken);
        return session is null || session.RoleOf(callerId) is null
            ? SessionProblems.NotFound()
            : TypedResults.Ok(await db.ToResponseAsync(session, callerId, cancellationToken));
    }

    private static string WriteCursor(SessionDocument last) => PageCursor.EncodeInstant(last.StartsAt, last.Id);

    private static bool TryReadCursor(string cursor, out (DateTimeOffset StartsAt, string Id) position)
    {
        var valid = PageCursor.TryDecodeInstant(cursor, out var startsAt, out var id) && Guid.TryParseExact(id, "N", out _);
        position = valid ? (startsAt, id) : default;
        return valid;
    }
}
