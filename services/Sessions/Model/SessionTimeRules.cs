using SkillSwap.IntegrationEvents;

namespace SkillSwap.Sessions.Model;

/// <summary>
/// What time does to a session, on the session alone: when the clock must look at it next, a booking Payments never
/// answered given up, an unanswered request expiring with its last proposed slot, reminders 24 h and 1 h before.
/// <see cref="Clock.SessionSchedule"/> calls these and does what needs other documents (calendars, completion).
/// </summary>
public sealed partial class SessionDocument
{
    /// <summary>The day reminder is worth sending while at least this much time is left; later only the hour one goes out.</summary>
    private static readonly TimeSpan DayReminderLatest = TimeSpan.FromHours(12);

    /// <summary>Records a stored change: when it happened and when the clock must look at the session next.</summary>
    public void Stamp(DateTimeOffset now, SessionsOptions options)
    {
        UpdatedAt = now;
        DueAt = NextDue(options);
    }

    /// <summary>
    /// Payments did not answer in time, or held credits for a group session that has already begun: the seat ends
    /// rejected (a one-to-one request with it) and Payments is told to give back any hold.
    /// </summary>
    public BookingCancelled GiveUpPayment(Seat seat)
    {
        if (Kind == SessionKind.OneToOne)
        {
            MoveTo(SessionStatus.Rejected);
            AwaitingResponseFrom = null;
        }
        var cancelled = LeaveSeat(seat, BookingCancellationReason.PaymentTimedOut, late: false);
        Put(seat with { Status = SeatStatus.Rejected });
        return cancelled;
    }

    /// <summary>Gives up every seat whose payment is overdue at <paramref name="now"/>.</summary>
    public IReadOnlyList<BookingCancelled> GiveUpOverduePayments(DateTimeOffset now, TimeSpan paymentTimeout) =>
        [.. Seats.Where(seat => seat.Status == SeatStatus.PendingPayment && seat.RequestedAt + paymentTimeout <= now).ToList().Select(GiveUpPayment)];

    /// <summary>
    /// Any proposal still ahead can be accepted (accepting a past one is refused), so a request expires with its last
    /// proposed start, and every seat with it.
    /// </summary>
    public IReadOnlyList<BookingCancelled> ExpireIfUnanswered(DateTimeOffset now)
    {
        if (Status != SessionStatus.Requested || ProposedStarts.Count == 0 || ProposedStarts.Max() > now)
        {
            return [];
        }
        MoveTo(SessionStatus.Expired);
        AwaitingResponseFrom = null;
        return [.. ActiveSeats.ToList().Select(seat => LeaveSeat(seat, BookingCancellationReason.Expired, late: false))];
    }

    /// <summary>The reminder due at <paramref name="now"/>, if any: one per look, the 1-hour one when both are due (a session booked at short notice gets only that one).</summary>
    public SessionReminderDue? RemindIfDue(DateTimeOffset now)
    {
        if (Status != SessionStatus.Confirmed || HourReminderSent)
        {
            return null;
        }
        if (now >= StartsAt)
        {
            // The clock was down through both reminder times: a reminder after the start helps nobody.
            DayReminderSent = HourReminderSent = true;
            return null;
        }
        var untilStart = StartsAt - now;
        var lead = untilStart <= SessionsOptions.ReminderLeads[1] ? SessionsOptions.ReminderLeads[1]
            : untilStart <= SessionsOptions.ReminderLeads[0] && !DayReminderSent ? SessionsOptions.ReminderLeads[0]
            : (TimeSpan?)null;
        if (lead == SessionsOptions.ReminderLeads[0] && untilStart < DayReminderLatest)
        {
            // Booked (or confirmed) at short notice: "tomorrow" would be wrong; the 1-hour reminder still comes.
            DayReminderSent = true;
            return null;
        }
        if (lead is not { } reminderLead)
        {
            return null;
        }
        DayReminderSent = true;
        HourReminderSent = reminderLead == SessionsOptions.ReminderLeads[1];
        return new SessionReminderDue(SessionId, TeacherId, ActiveLearnerIds, SkillLabel, StartsAt, reminderLead);
    }

    /// <summary>The next instant the clock has something to do with this session, or null.</summary>
    private DateTimeOffset? NextDue(SessionsOptions options)
    {
        var due = new List<DateTimeOffset>();
        due.AddRange(Seats.Where(seat => seat.Status == SeatStatus.PendingPayment).Select(seat => seat.RequestedAt + options.PaymentTimeout));
        switch (Status)
        {
            case SessionStatus.Requested:
                due.Add(ProposedStarts.Count > 0 ? ProposedStarts.Max() : StartsAt);
                break;
            case SessionStatus.Confirmed:
                if (!DayReminderSent && !HourReminderSent)
                {
                    due.Add(StartsAt - SessionsOptions.ReminderLeads[0]);
                }
                else if (!HourReminderSent)
                {
                    due.Add(StartsAt - SessionsOptions.ReminderLeads[1]);
                }
                else
                {
                    due.Add(EndsAt + options.AutoCompleteAfter);
                }
                break;
        }
        return due.Count > 0 ? due.Min() : null;
    }
}
