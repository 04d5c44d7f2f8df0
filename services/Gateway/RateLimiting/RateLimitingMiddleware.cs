using System.Globalization;

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
        var clientIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var decision = await limiter.CountAsync(clientIp, userId);
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

    private static bool IsInfrastructure(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/alive") || path.StartsWithSegments("/metrics");
}
