using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Participants;

namespace SkillSwap.Sessions.Requests;

/// <summary>A learner asks a teacher for a session. Every field is plain text or a closed value; times are instants (any offset, stored in UTC).</summary>
public sealed record RequestSessionRequest(
    Guid? TeacherId,
    string? Skill,
    IReadOnlyList<DateTimeOffset>? ProposedStarts,
    int? DurationMinutes,
    string? Format,
    string? Location,
    string? Message);

public static partial class RequestSession
{
    public const int MaxSkillLength = 80;
    public const int MaxLocationLength = 200;
    public const int MaxMessageLength = 1000;

    /// <summary>
    /// Creates the session in <see cref="SessionStatus.PendingPayment"/> and starts the booking saga with
    /// <see cref="SessionRequested"/>. With an <c>Idempotency-Key</c> header the session id is derived from the learner
    /// and the key, so a retried request finds the session it created instead of asking twice.
    /// </summary>
    public static async Task<Results<Created<SessionResponse>, Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        RequestSessionRequest request,
        Guid learnerId,
        string? idempotencyKey,
        IDocumentSession db,
        TimeProvider time,
        IOptions<SessionsOptions> options,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!TryValidate(request, learnerId, idempotencyKey, now, options.Value, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var sessionId = idempotencyKey is null ? Guid.CreateVersion7() : DeterministicId(learnerId, idempotencyKey);
        if (await db.LoadAsync<SessionDocument>(SessionDocument.IdFor(sessionId), cancellationToken) is { } existing)
        {
            return existing.RoleOf(learnerId) == SessionRole.Learner
                ? TypedResults.Ok(await db.ToResponseAsync(existing, learnerId, cancellationToken))
                : SessionProblems.NotFound();
        }

        var teacherId = request.TeacherId!.Value;
        if (await db.KnownParticipantAsync(teacherId, cancellationToken) is not { } teacher)
        {
            // Credits would otherwise be held for a session nobody can ever accept.
            return SessionProblems.Problem(StatusCodes.Status404NotFound, "teacher-not-found", "Teacher not found",
                "No SkillSwap member has this id.");
        }
        var learner = await db.ParticipantAsync(learnerId, cancellationToken);
        var requestedToday = await SessionQueries.RequestedOf(db.Query<SessionDocument>(), teacherId, learnerId, now - TimeSpan.FromDays(1))
            .ToListAsync(cancellationToken);
        if (requestedToday.Count >= options.Value.RequestsPerTeacherPerDay)
        {
            var retryAfter = requestedToday.Min(session => session.CreatedAt) + TimeSpan.FromDays(1) - now;
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return SessionProblems.Problem(StatusCodes.Status429TooManyRequests, "too-many-requests", "Too many requests to this teacher",
                $"At most {options.Value.RequestsPerTeacherPerDay} requests to one teacher a day: wait for an answer, or write to them in the chat.");
        }
        var starts = SlotRules.Normalise(request.ProposedStarts!);
        try
        {
            if (ParticipantLookup.EitherBlocked(teacher, learner))
            {
                throw SessionRuleException.Blocked();
            }
            SlotRules.RequireTeacherAvailable(teacher, starts, request.DurationMinutes!.Value);
        }
        catch (SessionRuleException rule)
        {
            return SessionProblems.From(rule);
        }
        // A time either person has already confirmed could only be refused at acceptance, after credits were held.
        if (await CalendarClaims.TakenAsync(db, [teacherId, learnerId], starts, request.DurationMinutes.Value, cancellationToken) is { Count: > 0 } taken)
        {
            return SessionProblems.From(SessionRuleException.SlotTaken(
                $"You or the teacher already have a session at {string.Join(", ", taken.Select(start => start.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)))}: propose another time."));
        }

        var format = WireNames.TryParse<SessionFormat>(request.Format, out var parsedFormat) ? parsedFormat : SessionFormat.Online;
        var terms = new SessionTerms(request.Skill!.Trim(), request.DurationMinutes!.Value, format,
            string.IsNullOrWhiteSpace(request.Location) ? null : request.Location.Trim(),
            string.IsNullOrWhiteSpace(request.Message) ? null : request.Message.Trim());
        var (session, requested) = SessionDocument.Request(sessionId, teacherId, learnerId, terms, starts, now);
        session.Stamp(now, options.Value);
        db.Insert(session);
        db.PublishOnCommit(requested);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DuplicateDocumentException) when (idempotencyKey is not null)
        {
            // The same retried request committed first, a moment ago.
            var stored = await db.LoadAsync<SessionDocument>(session.Id, cancellationToken);
            return TypedResults.Ok(await db.ToResponseAsync(stored!, learnerId, cancellationToken));
        }
        SessionsMetrics.SessionRequested();
        var known = new Dictionary<Guid, ParticipantDocument> { [teacherId] = teacher, [learnerId] = learner };
        return TypedResults.Created($"{SessionsApi.RoutePrefix}/{sessionId}", await db.ToResponseAsync(session, learnerId, cancellationToken, known));
    }

    private static bool TryValidate(
        RequestSessionRequest request, Guid learnerId, string? idempotencyKey, DateTimeOffset now, SessionsOptions options, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (request.TeacherId is not { } teacherId || teacherId == Guid.Empty)
        {
            errors["teacherId"] = ["The teacher's user id is required."];
        }
        else if (teacherId == learnerId)
        {
            errors["teacherId"] = ["You cannot book a session with yourself."];
        }
        if (string.IsNullOrWhiteSpace(request.Skill) || request.Skill.Trim().Length > MaxSkillLength)
        {
            errors["skill"] = [$"The skill to learn, 1 to {MaxSkillLength} characters."];
        }
        else if (!IsPlainName(request.Skill))
        {
            // The teacher reads it in an email and a push: a skill's name, not a link or a second line of text.
            errors["skill"] = ["The name of a skill: no links, email addresses or line breaks."];
        }
        SlotRules.ValidateShape(request.ProposedStarts, request.DurationMinutes ?? 0, now, options, errors);
        ValidateFormat(request.Format, request.Location, errors);
        if (request.Message is { Length: > MaxMessageLength })
        {
            errors["message"] = [$"At most {MaxMessageLength} characters."];
        }
        if (idempotencyKey is { Length: 0 or > 100 })
        {
            errors["Idempotency-Key"] = ["1 to 100 characters."];
        }
        return errors.Count == 0;
    }

    public static void ValidateFormat(string? format, string? location, Dictionary<string, string[]> errors)
    {
        if (!WireNames.TryParse<SessionFormat>(format, out _))
        {
            errors["format"] = ["\"online\" or \"in-person\"."];
        }
        if (location is { Length: > MaxLocationLength })
        {
            errors["location"] = [$"At most {MaxLocationLength} characters."];
        }
    }

    /// <summary>A stable id from the learner and their key (SHA-256, first 16 bytes): another learner's identical key names another session.</summary>
    private static Guid DeterministicId(Guid learnerId, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{learnerId:N}:{idempotencyKey}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>Text a mail client or a phone would show as plain words: no control characters, links or addresses.</summary>
    public static bool IsPlainName(string text) => !text.Any(char.IsControl) && !LinkLike().IsMatch(text);

    [System.Text.RegularExpressions.GeneratedRegex(@"://|www\.|@", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LinkLike();
}
