using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SkillSwap.Gateway.RateLimiting;

/// <summary>Answers 429 as problem+json with Retry-After once a client's window is spent.</summary>
public sealed class RateLimitingMiddleware(RequestDelegate next, RedisRateLimiter limiter, CallerIdentifier callers)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsInfrastructure(context.Request.Path))
        {
            await next(context);
            return;
        }

        var userId = await callers.FindUserIdAsync(context);
        var decision = await limiter.CountAsync(AddressBudget(context.Connection.RemoteIpAddress), userId);
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        var retryAfterSeconds = (int)Math.Ceiling(decision.RetryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests",
                detail: $"The {decision.ExceededPartition} request budget is spent; retry in {retryAfterSeconds} s.",
                type: "https://www.rfc-editor.org/rfc/rfc6585#section-4")
            .ExecuteAsync(context);
    }

    /// <summary>
    /// Whose budget an address draws on: an IPv4 address its own, an IPv6 address its /64 — one subscriber's network,
    /// in which they can pick a fresh address for every request.
    /// </summary>
    private static string AddressBudget(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    private static bool IsInfrastructure(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments("/metrics");
}
