using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SkillSwap.Gateway.RateLimiting;

public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter, string? ExceededPartition);

/// <summary>
/// Counts a request against its per-IP and (when signed in) per-user windows in one Redis round trip.
/// When Redis cannot be reached the request is let through: an outage of the limiter must not become an
/// outage of the whole platform; the failure is logged and counted.
/// </summary>
public sealed class RedisRateLimiter(
    IConnectionMultiplexer redis,
    IOptions<RateLimitOptions> options,
    IMeterFactory meterFactory,
    ILogger<RedisRateLimiter> logger)
{
    // Each key counts one window; the first hit starts the window's expiry.
    private static readonly LuaScript CountScript = LuaScript.Prepare("""
        local results = {}
        for i, key in ipairs(KEYS) do
          local count = redis.call('INCR', key)
          if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
          local ttl = redis.call('PTTL', key)
          results[#results + 1] = count
          results[#results + 1] = ttl
        end
        return results
        """);

    private readonly Counter<long> _rejected = meterFactory.Create("SkillSwap.Gateway").CreateCounter<long>("skillswap.gateway.rate_limited");
    private readonly Counter<long> _limiterFailures = meterFactory.Create("SkillSwap.Gateway").CreateCounter<long>("skillswap.gateway.rate_limiter_failures");

    public async Task<RateLimitDecision> CountAsync(string clientIp, string? userId)
    {
        var settings = options.Value;
        var keys = new List<RedisKey> { $"{settings.KeyPrefix}:ip:{clientIp}" };
        var permits = new List<int> { settings.PermitsPerIp };
        if (userId is not null)
        {
            keys.Add($"{settings.KeyPrefix}:user:{userId}");
            permits.Add(settings.PermitsPerUser);
        }

        RedisResult[] counts;
        try
        {
            counts = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                CountScript.ExecutableScript, [.. keys], [settings.WindowSeconds * 1000L]))!;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _limiterFailures.Add(1);
            logger.LogWarning(ex, "Rate limiter unavailable; letting the request through");
            return new RateLimitDecision(true, TimeSpan.Zero, null);
        }

        for (var i = 0; i < keys.Count; i++)
        {
            var count = (long)counts[2 * i];
            if (count > permits[i])
            {
                var partition = i == 0 ? "ip" : "user";
                _rejected.Add(1, new KeyValuePair<string, object?>("partition", partition));
                var remainingMs = Math.Max((long)counts[2 * i + 1], 1000);
                return new RateLimitDecision(false, TimeSpan.FromMilliseconds(remainingMs), partition);
            }
        }
        return new RateLimitDecision(true, TimeSpan.Zero, null);
    }
}
