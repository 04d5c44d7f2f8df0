using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Participants;
using SkillSwap.Sessions.Requests;

namespace SkillSwap.Sessions.GroupSessions;

public sealed record CreateGroupSessionRequest(
    string? Skill,
    DateTimeOffset? StartsAt,
    int? DurationMinutes,
    int? Capacity,
    string? Format,
    string? Location,
    string? Description);

/// <summary>
/// A teacher plans a session at a fixed time for up to <see cref="SessionDocument.Capacity"/> learners; learners join
/// it, each with their own booking (a seat) paid through the same saga as a one-to-one request.
/// </summary>
public static class PlanGroupSession
{
    public const int MinCapacity = 2;
    public const int MaxCapacity = 50;

    public static async Task<Results<Created<SessionResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateGroupSessionRequest request,
        Guid teacherId,
        IDocumentSession db,
        TimeProvider time,
        IOptions<SessionsOptions> options,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Skill) || request.Skill.Trim().Length > RequestSession.MaxSkillLength)
        {
            errors["skill"] = [$"The skill taught, 1 to {RequestSession.MaxSkillLength} characters."];
        }
        SlotRules.ValidateShape(request.StartsAt is { } start ? [start] : null, request.DurationMinutes ?? 0, now, options.Value, errors, "startsAt");
        if (request.Capacity is not (>= MinCapacity and <= MaxCapacity))
        {
            errors["capacity"] = [$"Between {MinCapacity} and {MaxCapacity} learners."];
        }
        RequestSession.ValidateFormat(request.Format, request.Location, errors);
        if (request.Description is { Length: > RequestSession.MaxMessageLength })
        {
            errors["description"] = [$"At most {RequestSession.MaxMessageLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var format = WireNames.TryParse<SessionFormat>(request.Format, out var parsedFormat) ? parsedFormat : SessionFormat.Online;
        var sessionId = Guid.CreateVersion7();
        var startsAt = request.StartsAt!.Value.ToUniversalTime();
        var terms = new SessionTerms(request.Skill!.Trim(), request.DurationMinutes!.Value, format,
            string.IsNullOrWhiteSpace(request.Location) ? null : request.Location.Trim(),
            string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim());
        var session = SessionDocument.PlanGroup(sessionId, teacherId, terms, request.Capacity!.Value, startsAt, now);
        session.Stamp(now, options.Value);
        db.Insert(session);
        CalendarClaims.Claim(db, session, teacherId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DuplicateDocumentException)
        {
            return SessionProblems.From(SessionRuleException.SlotTaken("You already have a session overlapping this time."));
        }
        return TypedResults.Created($"{SessionsApi.RoutePrefix}/{sessionId}", await db.ToResponseAsync(session, teacherId, cancellationToken));
    }

    /// <summary>Tells the others (Chat's group conversation) who holds a paid seat now; nothing for one-to-one sessions.</summary>
    public static void AnnounceParticipants(SessionChange change)
    {
        var session = change.Session;
        if (session.Kind == SessionKind.Group)
        {
            var paid = session.Seats.Where(seat => seat.Status == SeatStatus.Held).Select(seat => seat.LearnerId).ToList();
            change.Publish(new GroupSessionParticipantsChanged(session.SessionId, session.TeacherId, paid, session.SkillLabel));
        }
    }

    /// <summary>
    /// A learner takes a seat: it counts against the capacity at once (so concurrent joins cannot overfill the session:
    /// they conflict on the session's version and run again on the fresh one), the time is taken in the learner's
    /// calendar, and Payments is asked to hold the credits.
    /// </summary>
    public static async Task JoinAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var session = change.Session;
        session.EnsureJoinable(change.CallerId, change.Now);
        var teacher = await change.Db.ParticipantAsync(session.TeacherId, cancellationToken);
        var learner = await change.Db.ParticipantAsync(change.CallerId, cancellationToken);
        if (ParticipantLookup.EitherBlocked(teacher, learner))
        {
            throw SessionRuleException.Blocked();
        }
        await RequireRoomForNewMemberAsync(change, learner, cancellationToken);
        var (_, requested) = session.TakeSeat(change.CallerId, change.Now);
        CalendarClaims.Claim(change.Db, session, change.CallerId);
        change.Publish(requested);
    }

    /// <summary>
    /// Credit policy (README, Security): a new member takes a seat only while the teacher's group sessions took fewer than
    /// <see cref="SessionsOptions.NewMemberSeatsPerTeacherPerWeek"/> seats from new members in the last seven days.
    /// Checked per join, not atomically across sessions: concurrent joins may pass it by a few seats.
    /// </summary>
    private static async Task RequireRoomForNewMemberAsync(SessionChange change, ParticipantDocument learner, CancellationToken cancellationToken)
    {
        var options = change.Options;
        if (!learner.IsNewMember(change.Now, options.NewMemberPeriod))
        {
            return;
        }
        var weekAgo = change.Now - TimeSpan.FromDays(7);
        var recentSeats = (await SessionQueries.GroupsOfTeacherStartingSince(change.Db.Query<SessionDocument>(), change.Session.TeacherId, weekAgo)
                .ToListAsync(cancellationToken))
            .SelectMany(session => session.Seats)
            .Where(seat => seat.RequestedAt >= weekAgo && seat.Status != SeatStatus.Rejected && seat.LearnerId != learner.UserId)
            .Select(seat => seat.LearnerId)
            .ToList();
        if (recentSeats.Count < options.NewMemberSeatsPerTeacherPerWeek)
        {
            return;
        }
        var learners = recentSeats.Distinct().ToList();
        var newMembers = (await change.Db.Query<ParticipantDocument>().Where(participant => learners.Contains(participant.UserId)).ToListAsync(cancellationToken))
            .Where(participant => participant.IsNewMember(change.Now, options.NewMemberPeriod))
            .Select(participant => participant.UserId)
            .ToHashSet();
        var seatsOfNewMembers = recentSeats.Count(newMembers.Contains);
        if (seatsOfNewMembers >= options.NewMemberSeatsPerTeacherPerWeek)
        {
            throw SessionRuleException.NewMemberLimit(seatsOfNewMembers);
        }
    }
}
