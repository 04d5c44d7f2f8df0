using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Delivery;

public enum DeliveryChannel
{
    Email,
    Push,
}

public enum DeliveryState
{
    Pending,
    Sent,

    /// <summary>Nothing to send it to (no device registered any more, no address) or nothing to say (read in the app meanwhile).</summary>
    Dropped,

    /// <summary>Every attempt failed; <see cref="DeliveryDocument.LastError"/> says why.</summary>
    Failed,
}

/// <summary>
/// One email or device push to send, written in the same unit of work as what caused it, so a redelivered event
/// finds it already there and a crash before sending loses nothing; <see cref="DeliveryDispatcher"/> sends it when due.
/// </summary>
public sealed class DeliveryDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public DeliveryChannel Channel { get; set; }
    public string Type { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>Email only: the HTML alternative of <see cref="Body"/>, and where to.</summary>
    public string? Html { get; set; }
    public string? EmailAddress { get; set; }

    /// <summary>The inbox entry it repeats, if any: a push still waiting once that entry was read is dropped.</summary>
    public string? NotificationId { get; set; }
    public Dictionary<string, string> Data { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not before (quiet hours), then the next retry; also a lease while one dispatcher sends it.</summary>
    public DateTimeOffset DueAt { get; set; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    public static string IdFor(Guid sourceEventId, Guid userId, DeliveryChannel channel) =>
        $"{sourceEventId:N}:{userId:N}:{channel.ToString().ToLowerInvariant()}";
}
