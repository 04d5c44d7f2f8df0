using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SkillSwap.Testing;

namespace SkillSwap.Gateway.Tests;

/// <summary>The gateway stops a sanctioned account's still-valid access tokens before any service sees them.</summary>
public sealed class DeniedAccountsTests
{
    [Fact]
    public async Task A_denied_accounts_valid_token_is_refused_at_the_edge_and_works_again_once_allowed()
    {
        var redis = await SharedServers.RedisAsync();
        await using var identity = await DownstreamService.StartAsync();
        await using var issuer = await TestTokenIssuer.StartAsync();
        await using var gateway = new GatewayFactory(redis.ConnectionString, identity.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:KeyPrefix"] = $"test:{Guid.NewGuid():N}",
            ["Jwt:Authority"] = issuer.Authority,
        });
        using var client = gateway.CreateClient();
        var denyList = gateway.Services.GetRequiredService<AccountDenyList>();
        var (suspended, banned, bystander) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var until = DateTimeOffset.UtcNow.AddDays(7);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(PerUserRateLimitingTests.Me(issuer.TokenFor(suspended)))).StatusCode);

        await denyList.DenyAsync(suspended, new AccountDenial(false, until), TimeSpan.FromMinutes(1));
        await denyList.DenyAsync(banned, new AccountDenial(true, null), TimeSpan.FromMinutes(1));
        var forwarded = identity.ReceivedPaths.Count;

        var refused = await client.SendAsync(PerUserRateLimitingTests.Me(issuer.TokenFor(suspended)));
        var problem = await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "account-suspended");
        Assert.Equal(until, problem.GetProperty("until").GetDateTimeOffset());
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString());
        await (await client.SendAsync(PerUserRateLimitingTests.Me(issuer.TokenFor(banned)))).AssertProblemAsync(HttpStatusCode.Unauthorized, "account-banned");
        Assert.Equal(forwarded, identity.ReceivedPaths.Count);
        // Others go through, and a token forged in the denied person's name is not judged here (the service refuses it).
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(PerUserRateLimitingTests.Me(issuer.TokenFor(bystander)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(PerUserRateLimitingTests.Me(issuer.Forged(suspended)))).StatusCode);

        await denyList.AllowAsync(suspended);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(PerUserRateLimitingTests.Me(issuer.TokenFor(suspended)))).StatusCode);
    }
}
