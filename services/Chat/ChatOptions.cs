using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Chat;

public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>Longest message, in characters (UTF-16 code units, as the app counts them).</summary>
    [Range(1, 20_000)]
    public int MaxMessageLength { get; set; } = 4000;

    [Range(1, 200)]
    public int MaxClientMessageIdLength { get; set; } = 64;

    [Range(1, 500)]
    public int MaxHistoryPage { get; set; } = 100;

    /// <summary>
    /// Sends one person may make per second on one replica, sustained, across their connections (a person types far
    /// slower; a bot or a stuck retry loop does not). Bursts up to twice as many. Over it: "rate-limited", nothing stored.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SendsPerSecondPerUser { get; set; } = 20;

    /// <summary>
    /// Hub calls of any kind (typing, read receipts, catch-up, presence…) one person may make per second on one replica,
    /// across their connections; bursts up to twice as many (an app catching up on many conversations after a
    /// reconnection). Over it: "rate-limited".
    /// </summary>
    [Range(1, 1_000_000)]
    public int HubCallsPerSecondPerUser { get; set; } = 50;

    /// <summary>Realtime connections one person may hold at once across the cluster (phones, tablets, browser tabs).</summary>
    [Range(1, 1000)]
    public int MaxConnectionsPerUser { get; set; } = 10;

    /// <summary>How many recent sends a conversation grain remembers when activated, to answer retries without a lookup.</summary>
    [Range(10, 100_000)]
    public int RetriedSendWindow { get; set; } = 1000;

    /// <summary>
    /// How often each silo's relay renews its subscriptions and its users' connections; a conversation that moved to
    /// another silo (crash, rebalancing) is listened to again within this time, and clients backfill any gap.
    /// </summary>
    public TimeSpan RelayRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A subscription or a connection not renewed for this long is dropped (its silo is gone).</summary>
    public TimeSpan RelaySubscriptionLifetime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Last seen is shown rounded down to this, so contacts cannot track someone to the minute.</summary>
    public TimeSpan LastSeenRounding { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a conversation trusts that a member is online before asking their user grain again, when deciding who
    /// gets told of a message while offline (asking per message would cost a grain call per member per message).
    /// </summary>
    public TimeSpan PresenceRecheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an ended sign-in (logout, password reset) is remembered so its access tokens are refused: at least the
    /// longest access-token lifetime Identity issues (10 minutes by default).
    /// </summary>
    public TimeSpan EndedSignInMemory { get; set; } = TimeSpan.FromHours(1);
}
