using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;

namespace SkillSwap.Gateway.RateLimiting;

/// <summary>
/// Tells which signed-in user a request belongs to, for the per-user budget only (the service behind validates
/// the token again for access). A token's signature is verified once per gateway replica and the answer kept
/// until the token expires: a mobile app repeats the same access token for minutes, and an ECDSA verification
/// per request was the gateway's largest CPU cost.
/// </summary>
public sealed class CallerIdentifier(IdentityTokenRules identityTokens, TimeProvider time, ILogger<CallerIdentifier> logger)
{
    // Bounded so a flood of distinct valid tokens cannot grow memory without limit; refilled on demand.
    private const int MaxCachedTokens = 20_000;
    private readonly ConcurrentDictionary<string, VerifiedCaller> _verified = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new();

    private sealed record VerifiedCaller(string UserId, DateTimeOffset ExpiresAt);

    /// <returns>The token's subject when it carries a valid access token; null for anonymous or invalid callers.</returns>
    public async ValueTask<string?> FindUserIdAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = authorization["Bearer ".Length..].Trim();
        var now = time.GetUtcNow();
        if (_verified.TryGetValue(token, out var known))
        {
            if (known.ExpiresAt > now)
            {
                return known.UserId;
            }
            _verified.TryRemove(token, out _);
        }

        var verified = await VerifyAsync(token, context.RequestAborted);
        if (verified is null)
        {
            return null;
        }
        if (_verified.Count >= MaxCachedTokens)
        {
            _verified.Clear();
        }
        _verified[token] = verified;
        return verified.UserId;
    }

    private async Task<VerifiedCaller?> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            var parameters = identityTokens.Parameters.Clone();
            var configuration = await identityTokens.Keys.GetConfigurationAsync(cancellationToken);
            parameters.IssuerSigningKeys = configuration.SigningKeys;
            var result = await _handler.ValidateTokenAsync(token, parameters);
            if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || !jwt.TryGetPayloadValue<string>("sub", out var subject))
            {
                return null;
            }
            return new VerifiedCaller(subject, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException)
        {
            // Identity's keys are unreachable: count the caller by address only rather than failing the request.
            logger.LogWarning(ex, "Could not fetch Identity's signing keys; rate limiting by address only");
            return null;
        }
    }
}
