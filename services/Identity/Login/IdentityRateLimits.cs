using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SkillSwap.Identity.Infrastructure;

namespace SkillSwap.Identity.Login;

/// <summary>
/// Per-IP throttling of the endpoints that take credentials or send mail, on top of the per-email lockout: it slows
/// one client spraying many emails, which the lockout alone would not.
/// </summary>
public static class IdentityRateLimits
{
    public const string Credentials = "identity-credentials";

    public static IServiceCollection AddIdentityRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<LoginOptions>>((limiter, login) =>
            {
                var settings = login.Value;
                limiter.AddPolicy(Credentials, context => RateLimitPartition.GetFixedWindowLimiter(
                    // Behind the gateway this is the gateway's address unless forwarded headers are trusted; the
                    // gateway applies its own per-client limits.
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = settings.PerIpPermitLimit,
                        Window = settings.PerIpWindow,
                        QueueLimit = 0,
                    }));
                limiter.OnRejected = async (rejected, cancellationToken) =>
                {
                    var response = rejected.HttpContext.Response;
                    if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    {
                        response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    await IdentityProblems.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
                        "Too many attempts from this address. Wait a little and try again.").ExecuteAsync(rejected.HttpContext);
                };
            });
        return services;
    }
}
