using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Notifications;

public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Where links in emails and pushes lead (the app's universal-link domain).</summary>
    [Required, Url]
    public string AppUrl { get; set; } = "https://skillswap.app";

    /// <summary>How often due emails and pushes are looked for.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Chat messages that arrive while someone is offline are gathered this long from the first one, then pushed as
    /// one digest ("5 new messages from Ana and Louis") instead of one push each.
    /// </summary>
    public TimeSpan MessageDigestDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before an email or push is given up (retried after 30 s, 1 min, 2 min… up to an hour).</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The sender of every email, e.g. <c>SkillSwap &lt;no-reply@skillswap.app&gt;</c>.</summary>
    [Required]
    public string EmailFrom { get; set; } = "SkillSwap <no-reply@skillswap.app>";

    /// <summary>Expo's push API; tests and staging point it elsewhere.</summary>
    [Required, Url]
    public string ExpoPushUrl { get; set; } = "https://exp.host/--/api/v2/push/send";

    /// <summary>Expo's push receipts API; tests and staging point it elsewhere.</summary>
    [Required, Url]
    public string ExpoReceiptsUrl { get; set; } = "https://exp.host/--/api/v2/push/getReceipts";

    /// <summary>Expo access token, when the project requires one ("enhanced push security").</summary>
    public string? ExpoAccessToken { get; set; }

    /// <summary>How long after a push its receipt is asked for (Expo advises about 15 minutes), and again while not ready.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "12:00:00")]
    public TimeSpan ReceiptCheckDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a settled email or push is kept (for "did my email go?") before it is deleted.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>NPS survey: asked after a completed session, at most once per this period per person.</summary>
    public TimeSpan SurveyInterval { get; set; } = TimeSpan.FromDays(91);
}
