using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Sessions;

/// <summary>The booking policy. Validated at start-up.</summary>
public sealed class SessionsOptions
{
    public const string SectionName = "Sessions";

    /// <summary>Cancelling earlier than this before the start is free; later is a late cancellation (recorded, and Payments' policy applies).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan FreeCancellationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long after its end a session completes on its own unless someone disputes it; also the time to dispute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan AutoCompleteAfter { get; set; } = TimeSpan.FromHours(48);

    /// <summary>The saga's timeout: a booking Payments has not answered within this is given up (and any hold refunded).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The shortest notice a proposed slot may give.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MinimumNotice { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far ahead a session may be planned.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "730.00:00:00")]
    public TimeSpan BookingHorizon { get; set; } = TimeSpan.FromDays(180);

    /// <summary>How often the session clock looks for due work (timeouts, reminders, auto-completion).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ClockInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Requests one learner may send one teacher within a day, answered or not: each becomes an email and a push to the
    /// teacher, and cancelling one costs nothing, so without it a learner could flood a teacher's inbox.
    /// </summary>
    [Range(1, 100)]
    public int RequestsPerTeacherPerDay { get; set; } = 3;

    /// <summary>
    /// Seats a teacher's group sessions take within a week from members who joined SkillSwap less than
    /// <see cref="NewMemberPeriod"/> ago. Each new account brings a welcome grant, so a teacher filling a group with
    /// fresh accounts would be paid in minted credits: past this, a new member books one-to-one or waits a few days.
    /// </summary>
    [Range(1, 1000)]
    public int NewMemberSeatsPerTeacherPerWeek { get; set; } = 10;

    [Range(typeof(TimeSpan), "1.00:00:00", "90.00:00:00")]
    public TimeSpan NewMemberPeriod { get; set; } = TimeSpan.FromDays(7);

    public static IReadOnlyList<TimeSpan> ReminderLeads { get; } = [TimeSpan.FromHours(24), TimeSpan.FromHours(1)];
}
