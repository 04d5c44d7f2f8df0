using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SkillSwap.Chat.Realtime;

/// <summary>
/// How fast one person may use the hub, whatever the number of their connections on this replica: every method call
/// draws on <see cref="ChatOptions.HubCallsPerSecondPerUser"/>, a send also on
/// <see cref="ChatOptions.SendsPerSecondPerUser"/> (token buckets, bursts of twice the rate). The gateway counts a
/// WebSocket once, so these are the hub's only limits. Across replicas a person has at most
/// <see cref="ChatOptions.MaxConnectionsPerUser"/> connections, hence at most that many times the rate.
/// </summary>
public sealed class HubRateLimits(IOptions<ChatOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _calls = PerUser(options.Value.HubCallsPerSecondPerUser);
    private readonly PartitionedRateLimiter<Guid> _sends = PerUser(options.Value.SendsPerSecondPerUser);

    public bool TryCall(Guid userId) => Take(_calls, userId);

    public bool TrySend(Guid userId) => Take(_sends, userId);

    public void Dispose()
    {
        _calls.Dispose();
        _sends.Dispose();
    }

    private static bool Take(PartitionedRateLimiter<Guid> limiter, Guid userId)
    {
        using var lease = limiter.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    private static PartitionedRateLimiter<Guid> PerUser(int perSecond) =>
        PartitionedRateLimiter.Create<Guid, Guid>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond * 2,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
