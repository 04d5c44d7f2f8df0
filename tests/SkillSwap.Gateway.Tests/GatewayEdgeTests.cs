using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.Testing;

namespace SkillSwap.Gateway.Tests;

public sealed class GatewayEdgeTests : IAsyncLifetime
{
    private DownstreamService _identity = null!;
    private const string ScrapeToken = "scraper-secret-for-tests";
    private GatewayFactory _gateway = null!;

    public async Task InitializeAsync()
    {
        var redis = await SharedServers.RedisAsync();
        _identity = await DownstreamService.StartAsync();
        _gateway = new GatewayFactory(redis.ConnectionString, _identity.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:KeyPrefix"] = $"test:{Guid.NewGuid():N}",
            ["Gateway:Limits:MaxRequestBodyBytes"] = "4096",
            ["Metrics:ScrapeToken"] = ScrapeToken,
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _identity.DisposeAsync();
    }

    [Fact]
    public async Task Routes_identity_requests_to_the_identity_service()
    {
        using var client = _gateway.CreateClient();
        var response = await client.GetAsync("/api/v1/identity/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/v1/identity/me", _identity.ReceivedPaths);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        using var client = _gateway.CreateClient();
        foreach (var path in new[] { "/api/v1/identity/me", "/no/such/route" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Fact]
    public async Task Unknown_routes_are_problem_json_404s()
    {
        using var client = _gateway.CreateClient();
        var response = await client.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Oversize_bodies_are_refused_at_the_edge_and_never_forwarded()
    {
        using var client = _gateway.CreateClient();
        var body = new StringContent(new string('x', 10_000), System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/v1/identity/accounts", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("/api/v1/identity/accounts", _identity.ReceivedPaths);
    }

    [Fact]
    public async Task Cors_allows_configured_origins_only()
    {
        using var client = _gateway.CreateClient();

        var allowed = await client.SendAsync(Preflight("http://localhost:8081"));
        Assert.Equal("http://localhost:8081", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var refused = await client.SendAsync(Preflight("https://evil.example"));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Forged_bearer_tokens_do_not_open_a_user_budget_and_reach_the_service_unauthenticated()
    {
        // A budget of three requests per address and plenty per user: if each forged subject opened a user budget of its
        // own, a client minting subjects would never be limited.
        var redis = await SharedServers.RedisAsync();
        await using var issuer = await TestTokenIssuer.StartAsync();
        await using var gateway = new GatewayFactory(redis.ConnectionString, _identity.Address, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:KeyPrefix"] = $"test:{Guid.NewGuid():N}",
            ["Gateway:RateLimits:PermitsPerIp"] = "3",
            ["Gateway:RateLimits:PermitsPerUser"] = "1000",
            ["Jwt:Authority"] = issuer.Authority,
        });
        using var client = gateway.CreateClient();
        HttpRequestMessage Forged(string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/identity/me");
            request.Headers.Authorization = new("Bearer", token);
            return request;
        }

        // The gateway does not judge a token (the service does): each reaches the service, counted against the address.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Forged("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Forged(issuer.Forged(Guid.NewGuid())))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Forged(issuer.Forged(Guid.NewGuid())))).StatusCode);
        var fourth = await client.SendAsync(Forged(issuer.Forged(Guid.NewGuid())));

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        var detail = (await fourth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("The ip request budget", detail, StringComparison.Ordinal);
    }

    /// <summary>Issue 18: the gateway as deployed, which no other test runs (they all run it in Development).</summary>
    [Fact]
    public async Task In_production_answers_carry_hsts_and_only_the_configured_origins_may_call_from_a_browser()
    {
        var redis = await SharedServers.RedisAsync();
        await using var gateway = new GatewayFactory(redis.ConnectionString, _identity.Address, new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Gateway:RateLimits:KeyPrefix"] = $"test:{Guid.NewGuid():N}",
            ["Gateway:Cors:AllowedOrigins:0"] = "https://app.skillswap.example",
        });
        using var client = gateway.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://api.skillswap.example"),
        });

        var response = await client.GetAsync("/api/v1/identity/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        var allowed = await client.SendAsync(Preflight("https://app.skillswap.example"));
        Assert.Equal("https://app.skillswap.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        // The development origins (Expo's web ports) are not allowed in Production.
        var development = await client.SendAsync(Preflight("http://localhost:8081"));
        Assert.False(development.Headers.Contains("Access-Control-Allow-Origin"));
        // Nor is the API browser served.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scalar")).StatusCode);
    }

    [Fact]
    public async Task WebSocket_upgrades_pass_through_the_gateway_pipeline()
    {
        // Over a real socket: proxying needs a real HTTP upgrade, which the in-memory test server does not model.
        var redis = await SharedServers.RedisAsync();
        await using var gateway = new GatewayFactory(redis.ConnectionString, _identity.Address);
        gateway.UseKestrel(port: 0);
        gateway.StartServer();
        var address = new UriBuilder(gateway.CreateClient().BaseAddress!) { Scheme = "ws", Path = "/api/v1/identity/socket" }.Uri;
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        await socket.ConnectAsync(address, CancellationToken.None);

        await socket.SendAsync("""{"protocol":"json","version":1}"""u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);

        Assert.Equal("""{"protocol":"json","version":1}""", System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
        Assert.Contains("/api/v1/identity/socket", _identity.ReceivedPaths);
    }

    [Fact]
    public async Task Health_and_liveness_are_served_to_anyone_and_prometheus_metrics_only_to_the_scraper()
    {
        using var client = _gateway.CreateClient();
        await client.GetAsync("/api/v1/identity/me");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        using var guess = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer guessed" } } };
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(guess)).StatusCode);
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", $"Bearer {ScrapeToken}" } } };
        var metrics = await client.SendAsync(scrape);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var exposition = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", exposition);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/identity/login");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }
}
