using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Why an account is refused: a moderators' ban, or a suspension until <paramref name="Until"/>.</summary>
public sealed record AccountDenial(bool Banned, DateTimeOffset? Until)
{
    private const string TypePrefix = "https://skillswap.app/problems/identity/";

    /// <summary>
    /// The one answer for it, whoever meets the person first: Identity at sign-in (403), the gateway on a request with an
    /// access token (401). The app switches on its type (account-suspended, with <c>until</c>, or account-banned).
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
/// removes it when the sanction is lifted; the gateway refuses every request carrying a denied person's token. Short-lived
/// by design: once those tokens have expired, Identity's refusal to sign the person in again is enough.
/// </summary>
public sealed class AccountDenyList(IConnectionMultiplexer redis)
{
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
}
