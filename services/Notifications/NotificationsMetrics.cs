using System.Diagnostics.Metrics;
using SkillSwap.Notifications.Delivery;

namespace SkillSwap.Notifications;

/// <summary>
/// What an operator watches: emails and pushes by outcome (sent, dropped, retried, failed), push receipts by outcome
/// (ok, error, device_gone), devices pruned.
/// </summary>
public static class NotificationsMetrics
{
    public const string MeterName = "SkillSwap.Notifications";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "skillswap.notifications.deliveries", description: "Emails and pushes handled, by channel and outcome.");

    private static readonly Counter<long> PushReceipts = Meter.CreateCounter<long>(
        "skillswap.notifications.push_receipts", description: "Expo push receipts checked, by outcome.");

    private static readonly Counter<long> Pruned = Meter.CreateCounter<long>(
        "skillswap.notifications.devices_pruned", description: "Device tokens Expo reported as no longer registered.");

    public static void Delivered(DeliveryChannel channel, string outcome) =>
        Deliveries.Add(1, new("channel", channel.ToString().ToLowerInvariant()), new("outcome", outcome));

    public static void PushReceiptChecked(string outcome) => PushReceipts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void DevicesPruned(int count) => Pruned.Add(count);
}
