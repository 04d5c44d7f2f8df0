using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.Benchmarks.Load;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;
using Microsoft.Extensions.Hosting;

namespace SkillSwap.Benchmarks.Gateway;

/// <summary>
/// One authenticated endpoint (GET /api/v1/identity/me: JWT validation + a PostgreSQL read) measured through the
/// gateway and straight to Identity, side by side in one run: slices of each alternate so both see the same
/// machine state. The gateway's cost is the difference.
/// </summary>
public static class GatewayBenchmark
{
    private const string Endpoint = "/api/v1/identity/me";
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(BenchmarkArguments arguments)
    {
        Console.WriteLine($"gateway benchmark: {arguments.Rate} req/s open loop for {arguments.Seconds} s per target, then {arguments.Concurrency} closed-loop clients");
        await using var postgres = await SharedServers.StartAsync(new PostgresServer());
        await using var redis = await SharedServers.StartAsync(new RedisServer());
        await using var rabbit = await SharedServers.StartAsync(new RabbitMqServer());
        var identityDb = await postgres.CreateDatabaseAsync("identity");

        // Production, from the Release output, as deployed; Identity on a port chosen up front, which both are told.
        var production = new ServiceProcessOptions { EnvironmentName = "Production", EchoOutput = true };
        var identityPort = FreePorts.Next();
        var identityAddress = $"http://127.0.0.1:{identityPort}";
        await using var identity = new ServiceProcess("Identity", new Dictionary<string, string>
        {
            ["ConnectionStrings:identitydb"] = identityDb,
            ["ConnectionStrings:eventbus"] = rabbit.ConnectionString,
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["services:identity:http:0"] = identityAddress,
            // Production refuses to start without the certificate that protects its key ring.
            ["KeyRing:Certificate"] = KeyRingCertificates.NewBase64Pkcs12("bench"),
            ["KeyRing:CertificatePassword"] = "bench",
        }, production with { Port = identityPort });
        await using var gateway = new ServiceProcess("Gateway", new Dictionary<string, string>
        {
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["services:identity:http:0"] = identityAddress,
            // The benchmark is one user at 1,000 req/s: lift the budgets so the limiter counts but never refuses.
            ["Gateway:RateLimits:PermitsPerUser"] = "10000000",
            ["Gateway:RateLimits:PermitsPerIp"] = "10000000",
        }, production);
        await identity.StartAsync();
        await gateway.StartAsync();

        var accessToken = await SignUpAndLogInAsync(gateway.BaseAddress, rabbit.ConnectionString);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        Func<Task<bool>> Target(Uri baseAddress)
        {
            var uri = new Uri(baseAddress, Endpoint);
            return async () =>
            {
                using var response = await client.GetAsync(uri);
                await response.Content.LoadIntoBufferAsync();
                return response.IsSuccessStatusCode;
            };
        }
        var viaGateway = Target(gateway.BaseAddress);
        var direct = Target(identity.BaseAddress);

        // Steady state is what is measured: warm up JIT tiers, connection pools, the JWKS and token caches and
        // PostgreSQL's buffers on both paths, at the measured rate.
        foreach (var target in new[] { viaGateway, direct, viaGateway, direct })
        {
            await LoadGenerator.FixedRateAsync(target, arguments.Rate, Slice, new LatencyRecorder("warm-up"));
        }

        var gatewayFixed = new LatencyRecorder($"gateway @ {arguments.Rate}/s");
        var directFixed = new LatencyRecorder($"direct @ {arguments.Rate}/s");
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromSeconds(arguments.Seconds); elapsed += Slice)
        {
            foreach (var (target, total) in new[] { (viaGateway, gatewayFixed), (direct, directFixed) })
            {
                var slice = new LatencyRecorder($"  slice {elapsed.TotalSeconds:F0}s {total.Name}");
                await LoadGenerator.FixedRateAsync(target, arguments.Rate, Slice, slice, total);
                Console.Error.WriteLine(slice.Summarise().ToMarkdownRow());
            }
        }

        var gatewaySaturated = new LatencyRecorder($"gateway, {arguments.Concurrency} clients");
        var directSaturated = new LatencyRecorder($"direct, {arguments.Concurrency} clients");
        for (var round = 0; round < 2; round++)
        {
            await LoadGenerator.SaturateAsync(viaGateway, arguments.Concurrency, Slice, gatewaySaturated);
            await LoadGenerator.SaturateAsync(direct, arguments.Concurrency, Slice, directSaturated);
        }

        var summaries = new[] { gatewayFixed, directFixed, gatewaySaturated, directSaturated }.Select(r => r.Summarise()).ToArray();
        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine(LatencySummary.MarkdownHeader);
        foreach (var summary in summaries)
        {
            Console.WriteLine(summary.ToMarkdownRow());
        }
        Console.WriteLine(FormattableString.Invariant(
            $"\ngateway overhead at {arguments.Rate}/s: p50 +{summaries[0].P50 - summaries[1].P50:F2} ms, p99 +{summaries[0].P99 - summaries[1].P99:F2} ms"));
        Console.WriteLine(FormattableString.Invariant(
            $"working set after the run: gateway {gateway.WorkingSetBytes / 1048576.0:F0} MiB, identity {identity.WorkingSetBytes / 1048576.0:F0} MiB"));
    }

    private static async Task<string> SignUpAndLogInAsync(Uri gatewayAddress, string eventBus)
    {
        using var http = new HttpClient { BaseAddress = gatewayAddress };
        await using var events = await IntegrationEventProbe.StartAsync(eventBus, nameof(EmailVerificationRequested));
        var legal = await http.GetFromJsonAsync<JsonElement>("/api/v1/identity/legal-documents");
        var email = $"bench-{Guid.NewGuid():N}@example.org";
        const string password = "correct horse battery staple";
        var signUp = await http.PostAsJsonAsync("/api/v1/identity/accounts", new
        {
            email,
            password,
            displayName = "Benchmark",
            locale = "en",
            acceptedTermsOfServiceVersion = legal.GetProperty("termsOfServiceVersion").GetString(),
            acceptedPrivacyPolicyVersion = legal.GetProperty("privacyPolicyVersion").GetString(),
            marketingConsent = false,
        });
        signUp.EnsureSuccessStatusCode();
        var verification = await events.WaitForAsync<EmailVerificationRequested>(e => e.Email == email);
        (await http.PostAsJsonAsync("/api/v1/identity/email-verification", new { token = verification.Token })).EnsureSuccessStatusCode();
        var login = await http.PostAsJsonAsync("/api/v1/identity/tokens", new { email, password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
