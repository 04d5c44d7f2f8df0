using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Cancellation;
using SkillSwap.Sessions.Completion;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Clock;

/// <summary>
/// What time does to a session: a booking Payments never answered is given up (the saga's timeout, compensated by a
/// <see cref="BookingCancelled"/> that refunds any hold), an unanswered request expires when its last proposed slot begins,
/// reminders go out 24 h and 1 h before, and a session nobody disputed completes after
/// <see cref="SessionsOptions.AutoCompleteAfter"/>.
/// </summary>
public static class SessionSchedule
{
    /// <summary>The next instant <see cref="AdvanceAsync"/> has something to do, or null.</summary>
    public static DateTimeOffset? NextDue(SessionDocument session, SessionsOptions options)
    {
        var due = new List<DateTimeOffset>();
        due.AddRange(session.Seats.Where(seat => seat.Status == SeatStatus.PendingPayment).Select(seat => seat.RequestedAt + options.PaymentTimeout));
        switch (session.Status)
        {
            case SessionStatus.Requested:
                due.Add(session.ProposedStarts.Count > 0 ? session.ProposedStarts.Max() : session.StartsAt);
                break;
            case SessionStatus.Confirmed:
                if (!session.DayReminderSent && !session.HourReminderSent)
                {
                    due.Add(session.StartsAt - SessionsOptions.ReminderLeads[0]);
                }
                else if (!session.HourReminderSent)
                {
                    due.Add(session.StartsAt - SessionsOptions.ReminderLeads[1]);
                }
                else
                {
                    due.Add(session.EndsAt + options.AutoCompleteAfter);
                }
                break;
        }
        return due.Count > 0 ? due.Min() : null;
    }

    public static async Task AdvanceAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var session = change.Session;
        var now = change.Now;
        foreach (var seat in session.Seats.Where(seat => seat.Status == SeatStatus.PendingPayment && seat.RequestedAt + change.Options.PaymentTimeout <= now).ToList())
        {
            if (session.Kind == SessionKind.OneToOne)
            {
                session.MoveTo(SessionStatus.Rejected);
                session.AwaitingResponseFrom = null;
            }
            CancelSession.LeaveSeat(change, seat, BookingCancellationReason.PaymentTimedOut, late: false);
            seat.Status = SeatStatus.Rejected;
        }

        // Any proposal still ahead can be accepted (accepting a past one is refused), so a request expires with its last.
        if (session.Status == SessionStatus.Requested && session.ProposedStarts.Count > 0 && session.ProposedStarts.Max() <= now)
        {
            session.MoveTo(SessionStatus.Expired);
            session.AwaitingResponseFrom = null;
            foreach (var seat in session.ActiveSeats.ToList())
            {
                CancelSession.LeaveSeat(change, seat, BookingCancellationReason.Expired, late: false);
            }
        }

        if (session.Status == SessionStatus.Confirmed)
        {
            SendDueReminder(change);
            if (now >= session.EndsAt + change.Options.AutoCompleteAfter)
            {
                await CompleteSession.CompleteAsync(change, cancellationToken);
            }
        }
    }

    /// <summary>The day reminder is worth sending while at least this much time is left; later only the hour one goes out.</summary>
    private static readonly TimeSpan DayReminderLatest = TimeSpan.FromHours(12);

    /// <summary>One reminder per look: the 1-hour one when both are due (a session booked at short notice gets only that one).</summary>
    private static void SendDueReminder(SessionChange change)
    {
        var session = change.Session;
        if (session.HourReminderSent)
        {
            return;
        }
        if (change.Now >= session.StartsAt)
        {
            // The clock was down through both reminder times: a reminder after the start helps nobody.
            session.DayReminderSent = session.HourReminderSent = true;
            return;
        }
        var untilStart = session.StartsAt - change.Now;
        var lead = untilStart <= SessionsOptions.ReminderLeads[1] ? SessionsOptions.ReminderLeads[1]
            : untilStart <= SessionsOptions.ReminderLeads[0] && !session.DayReminderSent ? SessionsOptions.ReminderLeads[0]
            : (TimeSpan?)null;
        if (lead == SessionsOptions.ReminderLeads[0] && untilStart < DayReminderLatest)
        {
            // Booked (or confirmed) at short notice: "tomorrow" would be wrong; the 1-hour reminder still comes.
            session.DayReminderSent = true;
            return;
        }
        if (lead is not { } reminderLead)
        {
            return;
        }
        session.DayReminderSent = true;
        session.HourReminderSent = reminderLead == SessionsOptions.ReminderLeads[1];
        change.Publish(new SessionReminderDue(session.SessionId, session.TeacherId, session.ActiveLearnerIds, session.SkillLabel, session.StartsAt, reminderLead));
    }
}
