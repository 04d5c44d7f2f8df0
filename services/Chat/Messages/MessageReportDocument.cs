using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.Messages;

/// <summary>One member's report of one message: its id makes a second report by the same person a no-op.</summary>
public sealed class MessageReportDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid ReportId { get; set; }
    public string MessageId { get; set; } = "";
    public Guid ReporterId { get; set; }
    public DateTimeOffset ReportedAt { get; set; }

    public static string IdFor(string messageId, Guid reporterId) => $"{messageId}:{reporterId:N}";
}
