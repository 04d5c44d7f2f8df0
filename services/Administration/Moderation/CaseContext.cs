using SkillSwap.IntegrationEvents;

namespace SkillSwap.Administration.Moderation;

/// <summary>
/// What the moderator sees around the reported thing, as it was when first reported (the services send it with the
/// report: Administration reads no other service's data). A message: its neighbours in the conversation. A review: its
/// stars, skill and the reviewee's reply. A dispute: the booking — who, what, how many credits in escrow, requested when.
/// </summary>
public sealed class CaseContext
{
    /// <summary>Up to five messages before and five after the reported one, as the reporter could read them.</summary>
    public List<ContextMessage> Messages { get; set; } = [];

    public int? Rating { get; set; }
    public string? SkillLabel { get; set; }
    public Guid? RevieweeId { get; set; }
    public string? Reply { get; set; }

    public Guid? LearnerId { get; set; }
    public Guid? TeacherId { get; set; }
    public int? CreditMinutes { get; set; }
    public DateTimeOffset? RequestedAt { get; set; }

    /// <summary>A disputed booking's context, from what <c>SessionRequested</c> said of it.</summary>
    public static CaseContext Of(BookingParties booking) => new()
    {
        LearnerId = booking.LearnerId,
        TeacherId = booking.TeacherId,
        SkillLabel = booking.SkillLabel,
        CreditMinutes = booking.CreditMinutes,
        RequestedAt = booking.RequestedAt,
    };

    /// <summary>The person erased their account: their words and id leave the context too.</summary>
    public void Forget(Guid userId)
    {
        foreach (var message in Messages.Where(message => message.SenderId == userId))
        {
            message.SenderId = Guid.Empty;
            message.Text = "";
        }
        if (RevieweeId == userId)
        {
            RevieweeId = null;
            Reply = null;
        }
        LearnerId = LearnerId == userId ? Guid.Empty : LearnerId;
        TeacherId = TeacherId == userId ? Guid.Empty : TeacherId;
    }
}

/// <summary>A message next to the reported one (<see cref="Guid.Empty"/> as sender: a former member).</summary>
public sealed class ContextMessage
{
    public required long Sequence { get; set; }
    public required Guid SenderId { get; set; }
    public required string Text { get; set; }
    public required DateTimeOffset SentAt { get; set; }

    /// <summary>A message as Chat quoted it (next to a reported one, or before a dispute).</summary>
    public static ContextMessage From(QuotedMessage quoted) =>
        new() { Sequence = quoted.Sequence, SenderId = quoted.SenderId, Text = quoted.Text, SentAt = quoted.SentAt };
}
