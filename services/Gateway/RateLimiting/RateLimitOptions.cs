using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Gateway.RateLimiting;

/// <summary>Fixed windows counted in Redis, so every gateway replica enforces the same budget.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Gateway:RateLimits";

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Requests one signed-in user may make per window, across all their devices.</summary>
    [Range(1, 10_000_000)]
    public int PermitsPerUser { get; set; } = 600;

    /// <summary>Requests one client address may make per window, signed in or not (generous: carrier NAT).</summary>
    [Range(1, 10_000_000)]
    public int PermitsPerIp { get; set; } = 1200;

    [Required]
    public string KeyPrefix { get; set; } = "skillswap:ratelimit";
}
