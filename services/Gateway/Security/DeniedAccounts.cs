using SkillSwap.Gateway.RateLimiting;

namespace SkillSwap.Gateway.Security;

/// <summary>
/// Refuses, before they reach any service, the access tokens of an account on the <see cref="AccountDenyList"/> (a
/// sanction): 401 problem+json of the same type Identity answers at sign-in (account-suspended with its end, or
/// account-banned), so the app shows one message whichever it meets first. One Redis read per signed-in request. When
/// Redis cannot be reached the request goes through, as with rate limiting: the services still refuse the ended sign-ins
/// Chat keeps, and Identity renews no token.
/// </summary>
public sealed class DeniedAccounts(RequestDelegate next, CallerIdentifier callers, AccountDenyList denyList, ILogger<DeniedAccounts> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (Guid.TryParse(await callers.FindUserIdAsync(context), out var userId) && await denyList.FindOrLetThroughAsync(userId, logger) is { } denial)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The account is sanctioned\"";
            await TypedResults.Problem(denial.ToProblem(StatusCodes.Status401Unauthorized)).ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
