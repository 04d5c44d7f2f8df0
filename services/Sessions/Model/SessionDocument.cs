using SkillSwap.DocumentStore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Sessions.Model;

public enum SessionKind { OneToOne, Group }

public enum SessionFormat { Online, InPerson }

/// <summary>Which side of a session someone is on; also whose answer a request is waiting for.</summary>
public enum SessionRole { Learner, Teacher }

/// <summary>
/// A session: one teacher and one learner (asked for by the learner), or one teacher and up to
/// <see cref="Capacity"/> learners (a group session the teacher planned). Every change of <see cref="Status"/> goes
/// through <see cref="SessionLifecycle"/>; times are UTC instants and shown on each participant's clock by the API.
/// Its state has private setters: a session is created by <see cref="Request"/> or <see cref="PlanGroup"/> and changed
/// only by its own methods (<c>SessionTransitions.cs</c>), whichever path asks; the document stores write the setters
/// back when they read it.
/// </summary>
public sealed partial class SessionDocument : IDocument
{
    public string Id { get; private set; } = "";
    public long Version { get; set; }

    public Guid SessionId { get; private set; }
    public SessionKind Kind { get; private set; }
    public Guid TeacherId { get; private set; }

    /// <summary>The teacher and every learner who ever held a seat: who may read the session.</summary>
    public List<Guid> ParticipantIds { get; private set; } = [];

    public string SkillLabel { get; private set; } = "";
    public int DurationMinutes { get; private set; }
    public SessionFormat Format { get; private set; }
    public string? Location { get; private set; }

    /// <summary>The learner's message with a request; the teacher's description of a group session. Plain text.</summary>
    public string? Message { get; private set; }

    public int Capacity { get; private set; } = 1;
    public SessionStatus Status { get; private set; }

    /// <summary>While requested: the slots on the table, and whose turn it is to accept one, propose others or decline.</summary>
    public List<DateTimeOffset> ProposedStarts { get; private set; } = [];
    public SessionRole? AwaitingResponseFrom { get; private set; }

    /// <summary>The agreed start once confirmed; before that the earliest proposed slot (what the (status, startsAt) index orders by).</summary>
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }

    public List<Seat> Seats { get; private set; } = [];
    public bool TeacherConfirmedCompletion { get; private set; }
    public Guid? CancelledBy { get; private set; }
    public bool LateCancellation { get; private set; }
    public SessionDispute? Dispute { get; private set; }
    public bool DayReminderSent { get; private set; }
    public bool HourReminderSent { get; private set; }

    /// <summary>The next instant the session clock must look at this session (payment timeout, expiry, reminder, auto-completion); null when nothing is due.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    [System.Text.Json.Serialization.JsonConstructor]
    private SessionDocument()
    {
    }

    /// <summary>
    /// A learner asks a teacher for a one-to-one session at one of <paramref name="starts"/> (checked and in order):
    /// it waits for Payments to hold the learner's credits, then for the teacher's answer.
    /// </summary>
    public static (SessionDocument Session, SessionRequested Event) Request(
        Guid sessionId, Guid teacherId, Guid learnerId, SessionTerms terms, IReadOnlyList<DateTimeOffset> starts, DateTimeOffset now)
    {
        var session = new SessionDocument(sessionId, SessionKind.OneToOne, teacherId, terms, now)
        {
            ParticipantIds = [teacherId, learnerId],
            Status = SessionStatus.PendingPayment,
            ProposedStarts = [.. starts],
            AwaitingResponseFrom = SessionRole.Teacher,
            StartsAt = starts[0],
            EndsAt = starts[0].AddMinutes(terms.DurationMinutes),
            Seats = [new Seat(sessionId, learnerId, SeatStatus.PendingPayment, now)],
        };
        return (session, new SessionRequested(sessionId, sessionId, learnerId, teacherId, terms.DurationMinutes, terms.SkillLabel));
    }

    /// <summary>A teacher opens a group session at a fixed time for up to <paramref name="capacity"/> learners, who then take seats.</summary>
    public static SessionDocument PlanGroup(Guid sessionId, Guid teacherId, SessionTerms terms, int capacity, DateTimeOffset startsAt, DateTimeOffset now) =>
        new(sessionId, SessionKind.Group, teacherId, terms, now)
        {
            ParticipantIds = [teacherId],
            Capacity = capacity,
            Status = SessionStatus.Confirmed,
            StartsAt = startsAt,
            EndsAt = startsAt.AddMinutes(terms.DurationMinutes),
        };

    private SessionDocument(Guid sessionId, SessionKind kind, Guid teacherId, SessionTerms terms, DateTimeOffset now)
    {
        Id = IdFor(sessionId);
        SessionId = sessionId;
        Kind = kind;
        TeacherId = teacherId;
        SkillLabel = terms.SkillLabel;
        DurationMinutes = terms.DurationMinutes;
        Format = terms.Format;
        Location = terms.Location;
        Message = terms.Message;
        CreatedAt = UpdatedAt = now;
    }

    public static string IdFor(Guid sessionId) => sessionId.ToString("N");

    public bool IsTeacher(Guid userId) => TeacherId == userId;

    public Seat? SeatOf(Guid learnerId) => Seats.FirstOrDefault(seat => seat.LearnerId == learnerId && seat.IsActive);

    public Seat? SeatByBooking(Guid bookingId) => Seats.FirstOrDefault(seat => seat.BookingId == bookingId);

    /// <summary>Seats counting against the capacity: paid for, or waiting for Payments' answer.</summary>
    public IEnumerable<Seat> ActiveSeats => Seats.Where(seat => seat.IsActive);

    public IReadOnlyList<Guid> ActiveLearnerIds => [.. ActiveSeats.Select(seat => seat.LearnerId)];

    public SessionRole? RoleOf(Guid userId) =>
        TeacherId == userId ? SessionRole.Teacher : Seats.Any(seat => seat.LearnerId == userId) ? SessionRole.Learner : null;
}

public enum SeatStatus
{
    /// <summary>Waiting for Payments to hold the learner's credits.</summary>
    PendingPayment,

    /// <summary>The credits are in escrow.</summary>
    Held,

    /// <summary>Payments could not hold the credits (or did not answer in time): nothing is owed.</summary>
    Rejected,

    Cancelled,
    Completed,
    Disputed,

    /// <summary>A moderator settled the dispute.</summary>
    Resolved,
}

/// <summary>
/// One learner's place in a session and the booking that pays for it (for one-to-one sessions, the booking id is the
/// session id). A value: the session replaces a seat to change it, so nothing outside the session can.
/// </summary>
public sealed record Seat(Guid BookingId, Guid LearnerId, SeatStatus Status, DateTimeOffset RequestedAt, bool ConfirmedCompletion = false)
{
    public bool IsActive => Status is SeatStatus.PendingPayment or SeatStatus.Held;
}

/// <summary>What a session is about, as its creator wrote it (trimmed; blank texts are null).</summary>
public sealed record SessionTerms(string SkillLabel, int DurationMinutes, SessionFormat Format, string? Location, string? Message);

public sealed record SessionDispute(Guid RaisedBy, string Reason, string? Details, DateTimeOffset RaisedAt)
{
    public Guid? ResolvedBy { get; init; }
    public int? LearnerRefundPercent { get; init; }
    public Guid? NoShowBy { get; init; }
}
