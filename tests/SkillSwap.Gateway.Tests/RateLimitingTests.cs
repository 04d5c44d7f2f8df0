using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.Testing;

namespace SkillSwap.Gateway.Tests;

public sealed class RateLimitingTests
{
    [Fact]
    public async Task The_ip_budget_is_shared_by_every_gateway_replica_and_answers_429_with_retry_after()
    {
        var redis = await SharedServers.RedisAsync();
        await using var identity = await DownstreamService.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:KeyPrefix"] = $"test:{Guid.NewGuid():N}",
            ["Gateway:RateLimits:PermitsPerIp"] = "6",
            ["Gateway:RateLimits:WindowSeconds"] = "60",
        };
        await using var replicaA = new GatewayFactory(redis.ConnectionString, identity.Address, settings);
        await using var replicaB = new GatewayFactory(redis.ConnectionString, identity.Address, settings);
        using var clientA = replicaA.CreateClient();
        using var clientB = replicaB.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync("/api/v1/identity/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync("/api/v1/identity/me")).StatusCode);
        }
        var forwardedBeforeLimit = identity.ReceivedPaths.Count;

        var limited = await clientB.GetAsync("/api/v1/identity/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var problem = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(forwardedBeforeLimit, identity.ReceivedPaths.Count);

        // Health probes are never limited, or an orchestrator would restart a busy gateway.
        Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync("/alive")).StatusCode);
    }
}

public sealed class RedisOutageTests
{
    /// <summary>
    /// The limiter fails open: without Redis nobody is limited, rather than everybody refused (issue 18: the promise
    /// was untested). The gateway first shows that it does limit with this Redis, then the Redis stops.
    /// </summary>
    [Fact]
    public async Task With_redis_stopped_requests_still_go_through_unlimited()
    {
        var redis = await SharedServers.StartAsync(new RedisServer());
        await using var identity = await DownstreamService.StartAsync();
        await using var gateway = new GatewayFactory(redis.ConnectionString, identity.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:KeyPrefix"] = $"test:{Guid.NewGuid():N}",
            ["Gateway:RateLimits:PermitsPerIp"] = "2",
            ["Gateway:RateLimits:WindowSeconds"] = "60",
        });
        using var client = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/identity/me")).StatusCode);
        var forwarded = identity.ReceivedPaths.Count;

        await redis.DisposeAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/identity/me")).StatusCode);
        }
        Assert.Equal(forwarded + 3, identity.ReceivedPaths.Count);
    }
}

public sealed class PerUserRateLimitingTests
{
    [Fact]
    public async Task Each_signed_in_user_has_a_budget_and_forged_tokens_cannot_spend_someone_elses()
    {
        var redis = await SharedServers.RedisAsync();
        await using var identity = await DownstreamService.StartAsync();
        await using var issuer = await TestTokenIssuer.StartAsync();
        await using var gateway = new GatewayFactory(redis.ConnectionString, identity.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:KeyPrefix"] = $"test:{Guid.NewGuid():N}",
            ["Gateway:RateLimits:PermitsPerUser"] = "3",
            ["Gateway:RateLimits:PermitsPerIp"] = "1000",
            ["Jwt:Authority"] = issuer.Authority,
        });
        using var client = gateway.CreateClient();
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Me(issuer.TokenFor(alice)))).StatusCode);
        }
        var limited = await client.SendAsync(Me(issuer.TokenFor(alice)));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("user", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // Bob's budget is his own, and a token forged in Alice's name is not counted as Alice (nor refused as her).
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Me(issuer.TokenFor(bob)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Me(issuer.Forged(alice)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Me(issuer.Expired(alice)))).StatusCode);
    }

    /// <summary>A signed-in request the gateway forwards to Identity.</summary>
    internal static HttpRequestMessage Me(string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/identity/me");
        request.Headers.Authorization = new("Bearer", accessToken);
        return request;
    }
}

public sealed class ClientAddressTests
{
    [Fact]
    public async Task A_forged_x_forwarded_for_does_not_open_a_fresh_ip_budget()
    {
        var redis = await SharedServers.RedisAsync();
        await using var identity = await DownstreamService.StartAsync();
        await using var gateway = new GatewayFactory(redis.ConnectionString, identity.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:KeyPrefix"] = $"test:{Guid.NewGuid():N}",
            ["Gateway:RateLimits:PermitsPerIp"] = "3",
        });
        // Over a real socket: the in-memory test server has no peer address for the header to compete with.
        gateway.UseKestrel(port: 0);
        gateway.StartServer();
        using var client = gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/identity/me");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_forwarded_client_address_gets_the_budget()
    {
        var redis = await SharedServers.RedisAsync();
        await using var identity = await DownstreamService.StartAsync();
        await using var gateway = new GatewayFactory(redis.ConnectionString, identity.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:KeyPrefix"] = $"test:{Guid.NewGuid():N}",
            ["Gateway:RateLimits:PermitsPerIp"] = "1",
            ["Gateway:TrustedProxies:0"] = "127.0.0.0/8",
        });
        gateway.UseKestrel(port: 0);
        gateway.StartServer();
        using var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(From("198.51.100.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(From("198.51.100.8"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(From("198.51.100.7"))).StatusCode);
    }

    [Fact]
    public async Task An_ipv6_client_draws_on_the_budget_of_its_whole_64_network()
    {
        var redis = await SharedServers.RedisAsync();
        await using var identity = await DownstreamService.StartAsync();
        await using var gateway = new GatewayFactory(redis.ConnectionString, identity.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:KeyPrefix"] = $"test:{Guid.NewGuid():N}",
            ["Gateway:RateLimits:PermitsPerIp"] = "1",
            ["Gateway:TrustedProxies:0"] = "127.0.0.0/8",
        });
        gateway.UseKestrel(port: 0);
        gateway.StartServer();
        using var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(From("2001:db8:abcd:12::1"))).StatusCode);
        // Another address of the same /64 (a subscriber picks any of 2^64): the same budget, already spent.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(From("2001:db8:abcd:12:9f3c:1:2:3"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(From("2001:db8:abcd:13::1"))).StatusCode);
    }

    /// <summary>A request the trusted proxy forwards for <paramref name="address"/>.</summary>
    private static HttpRequestMessage From(string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/identity/me");
        request.Headers.Add("X-Forwarded-For", address);
        return request;
    }
}
