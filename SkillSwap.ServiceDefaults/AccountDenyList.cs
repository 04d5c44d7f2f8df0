using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Why an account is refused: a moderators' ban, or a suspension until <paramref name="Until"/>.</summary>
public sealed record AccountDenial(bool Banned, DateTimeOffset? Until)
{
    private const string TypePrefix = "https://skillswap.app/problems/identity/";

    /// <summary>
    /// The one answer for it, whoever meets the person first: Identity at sign-in (403), the gateway on a request with an
    /// access token (401). A service reached without the gateway answers a plain 401 (<see cref="DeniedAccountRefused"/>).
    /// The app switches on its type (account-suspended, with <c>until</c>, or account-banned).
    /// </summary>
    public ProblemDetails ToProblem(int status)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypePrefix + (Banned ? "account-banned" : "account-suspended"),
            Title = Banned ? "Account banned" : "Account suspended",
            Detail = Banned
                ? "This account was banned by SkillSwap's moderators."
                : $"This account is suspended by SkillSwap's moderators until {Until:u}.",
        };
        if (Until is { } until)
        {
            problem.Extensions["until"] = until;
        }
        return problem;
    }
}

/// <summary>
/// The accounts whose access tokens stop working before they expire, in Redis (the "cache" resource). Identity writes an
/// entry when a sanction ends the person's sign-ins, kept as long as an access token issued before it could live, and
/// removes it when the sanction is lifted; the gateway and every service (<see cref="DeniedAccountRefused"/>) refuse a
/// denied person's token. Short-lived by design: once those tokens have expired, Identity's refusal to sign the person in
/// again is enough.
/// </summary>
public sealed class AccountDenyList(IConnectionMultiplexer redis)
{
    /// <summary>The Redis resource it lives in.</summary>
    public const string ConnectionName = "cache";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RedisKey KeyOf(Guid userId) => $"skillswap:denied-accounts:{userId:N}";

    public Task DenyAsync(Guid userId, AccountDenial denial, TimeSpan keepFor) =>
        redis.GetDatabase().StringSetAsync(KeyOf(userId), JsonSerializer.Serialize(denial, Json), keepFor);

    public Task AllowAsync(Guid userId) => redis.GetDatabase().KeyDeleteAsync(KeyOf(userId));

    public async Task<AccountDenial?> FindAsync(Guid userId)
    {
        var entry = await redis.GetDatabase().StringGetAsync(KeyOf(userId));
        return entry.IsNullOrEmpty ? null : JsonSerializer.Deserialize<AccountDenial>(entry.ToString(), Json);
    }

    /// <summary>
    /// <see cref="FindAsync"/> for those who only read the list (the gateway, every service): when Redis cannot be reached
    /// the request goes through (logged), since Identity renews no token and those issued expire within minutes.
    /// </summary>
    public async Task<AccountDenial?> FindOrLetThroughAsync(Guid userId, ILogger logger)
    {
        try
        {
            return await FindAsync(userId);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Account deny list unavailable; letting the request through");
            return null;
        }
    }
}

public static class AccountDenyListExtensions
{
    /// <summary>
    /// The deny list and its Redis client (the "cache" connection, part of the host's health), once however many callers
    /// ask for it: for Identity, which writes it, and the gateway, whose rate limits live in the same Redis.
    /// </summary>
    public static IHostApplicationBuilder AddAccountDenyList(this IHostApplicationBuilder builder) => builder.AddAccountDenyList(readerOnly: false);

    private static IHostApplicationBuilder AddAccountDenyList(this IHostApplicationBuilder builder, bool readerOnly)
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(AccountDenyList)))
        {
            return builder;
        }
        // A service that only reads it lets requests through when Redis is away: neither its health nor each request's
        // wait (commands fail at once instead of queueing for the 5 s timeout) should then depend on Redis.
        builder.AddRedisClient(AccountDenyList.ConnectionName,
            settings => settings.DisableHealthChecks = readerOnly,
            options => options.BacklogPolicy = readerOnly ? BacklogPolicy.FailFast : options.BacklogPolicy);
        builder.Services.AddSingleton<AccountDenyList>();
        return builder;
    }

    /// <summary>
    /// Refuses a sanctioned person's access tokens in this service too (<see cref="DeniedAccountRefused"/>), when the deny
    /// list's Redis is configured: every service is given it by the AppHost; a test host without Redis goes without.
    /// </summary>
    public static IHostApplicationBuilder AddDeniedAccountsCheck(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString(AccountDenyList.ConnectionName) is null)
        {
            return builder;
        }
        return builder.AddAccountDenyList(readerOnly: true).AddAccessTokenCheck<DeniedAccountRefused>();
    }
}

/// <summary>
/// The gateway refuses a sanctioned person's access tokens; this refuses them in each service as well, so a request
/// reaching a service from inside the cluster (not through the gateway) is refused too; as at the gateway, a Redis that
/// cannot be reached lets the request through.
/// </summary>
public sealed class DeniedAccountRefused(AccountDenyList denyList, ILogger<DeniedAccountRefused> logger) : IAccessTokenCheck
{
    public async Task<string?> RefusalAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        user.UserId() is { } userId
            ? await denyList.FindOrLetThroughAsync(userId, logger) switch
            {
                null => null,
                { Banned: true } => "The account is banned.",
                _ => "The account is suspended.",
            }
            : null;
}
