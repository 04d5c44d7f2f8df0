using SkillSwap.DocumentStore;

namespace SkillSwap.Sessions.Model;

public enum SessionKind { OneToOne, Group }

public enum SessionFormat { Online, InPerson }

/// <summary>Which side of a session someone is on; also whose answer a request is waiting for.</summary>
public enum SessionRole { Learner, Teacher }

/// <summary>
/// A session: one teacher and one learner (asked for by the learner), or one teacher and up to
/// <see cref="Capacity"/> learners (a group session the teacher planned). Every change of <see cref="Status"/> goes
/// through <see cref="SessionLifecycle"/>; times are UTC instants and shown on each participant's clock by the API.
/// </summary>
public sealed partial class SessionDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }

    public Guid SessionId { get; set; }
    public SessionKind Kind { get; set; }
    public Guid TeacherId { get; set; }

    /// <summary>The teacher and every learner who ever held a seat: who may read the session.</summary>
    public List<Guid> ParticipantIds { get; set; } = [];

    public string SkillLabel { get; set; } = "";
    public int DurationMinutes { get; set; }
    public SessionFormat Format { get; set; }
    public string? Location { get; set; }

    /// <summary>The learner's message with a request; the teacher's description of a group session. Plain text.</summary>
    public string? Message { get; set; }

    public int Capacity { get; set; } = 1;
    public SessionStatus Status { get; set; }

    /// <summary>While requested: the slots on the table, and whose turn it is to accept one, propose others or decline.</summary>
    public List<DateTimeOffset> ProposedStarts { get; set; } = [];
    public SessionRole? AwaitingResponseFrom { get; set; }

    /// <summary>The agreed start once confirmed; before that the earliest proposed slot (what the (status, startsAt) index orders by).</summary>
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }

    public List<Seat> Seats { get; set; } = [];
    public bool TeacherConfirmedCompletion { get; set; }
    public Guid? CancelledBy { get; set; }
    public bool LateCancellation { get; set; }
    public SessionDispute? Dispute { get; set; }
    public bool DayReminderSent { get; set; }
    public bool HourReminderSent { get; set; }

    /// <summary>The next instant the session clock must look at this session (payment timeout, expiry, reminder, auto-completion); null when nothing is due.</summary>
    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

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

/// <summary>One learner's place in a session and the booking that pays for it (for one-to-one sessions, the booking id is the session id).</summary>
public sealed class Seat
{
    public Guid BookingId { get; set; }
    public Guid LearnerId { get; set; }
    public SeatStatus Status { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public bool ConfirmedCompletion { get; set; }

    public bool IsActive => Status is SeatStatus.PendingPayment or SeatStatus.Held;
}

public sealed record SessionDispute(Guid RaisedBy, string Reason, string? Details, DateTimeOffset RaisedAt)
{
    public Guid? ResolvedBy { get; init; }
    public int? LearnerRefundPercent { get; init; }
    public Guid? NoShowBy { get; init; }
}
