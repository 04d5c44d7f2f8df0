using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.Benchmarks.Load;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Identity;

/// <summary>
/// Whether the anonymous mail-link endpoints (password reset, new confirmation link) answer registered and unknown
/// addresses in the same time: requests for both alternate one at a time on one connection, so both see the same
/// machine state, and the difference of their latency distributions is what an attacker timing them could see.
/// </summary>
public static class MailLinkTimingBenchmark
{
    private const string Password = "correct horse battery staple";

    public static async Task RunAsync(BenchmarkArguments arguments)
    {
        var pairs = arguments.Queries;
        Console.WriteLine($"mail-link timing benchmark: {pairs} alternating pairs per endpoint (registered, unknown), one request at a time");
        await using var postgres = await SharedServers.StartAsync(new PostgresServer());
        await using var rabbit = await SharedServers.StartAsync(new RabbitMqServer());
        await using var redis = await SharedServers.StartAsync(new RedisServer());
        var identityDb = await postgres.CreateDatabaseAsync("identity");
        await using var identity = new ServiceProcess("Identity", new Dictionary<string, string>
        {
            ["ConnectionStrings:identitydb"] = identityDb,
            ["ConnectionStrings:eventbus"] = rabbit.ConnectionString,
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["KeyRing:Certificate"] = KeyRingCertificates.NewBase64Pkcs12("bench"),
            ["KeyRing:CertificatePassword"] = "bench",
            // One client sends every request: lift the per-IP budget so it counts but never refuses.
            ["Login:PerIpPermitLimit"] = "100000",
        }, new ServiceProcessOptions { EnvironmentName = "Production" });
        await identity.StartAsync();
        using var http = new HttpClient { BaseAddress = identity.BaseAddress };
        await using var events = await IntegrationEventProbe.StartAsync(rabbit.ConnectionString, nameof(EmailVerificationRequested), nameof(PasswordResetRequested));

        var legal = await http.GetFromJsonAsync<JsonElement>("/api/v1/identity/legal-documents");
        async Task<string> SignUpAsync(bool confirm)
        {
            var email = $"bench-{Guid.NewGuid():N}@example.org";
            (await http.PostAsJsonAsync("/api/v1/identity/accounts", new
            {
                email,
                password = Password,
                displayName = "Benchmark",
                locale = "en",
                acceptedTermsOfServiceVersion = legal.GetProperty("termsOfServiceVersion").GetString(),
                acceptedPrivacyPolicyVersion = legal.GetProperty("privacyPolicyVersion").GetString(),
            })).EnsureSuccessStatusCode();
            var link = await events.WaitForAsync<EmailVerificationRequested>(e => e.Email == email);
            if (confirm)
            {
                (await http.PostAsJsonAsync("/api/v1/identity/email-verification", new { token = link.Token })).EnsureSuccessStatusCode();
            }
            return email;
        }
        var confirmed = new List<string>();
        var unconfirmed = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            confirmed.Add(await SignUpAsync(confirm: true));
            unconfirmed.Add(await SignUpAsync(confirm: false));
        }

        var results = new List<(LatencySummary Registered, LatencySummary Unknown, double MeanDifference)>();
        foreach (var (path, registered) in new[] { ("/api/v1/identity/password-reset", confirmed), ("/api/v1/identity/email-verification/resend", unconfirmed) })
        {
            var registeredTimes = new LatencyRecorder($"{path}, registered");
            var unknownTimes = new LatencyRecorder($"{path}, unknown");
            async Task SendAsync(string email, LatencyRecorder recorder)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync(path, new { email, password = Password });
                await response.Content.LoadIntoBufferAsync();
                recorder.Record(started, (int)response.StatusCode == 202);
            }
            var warmUp = new LatencyRecorder("warm-up");
            for (var i = 0; i < 20; i++)
            {
                await SendAsync(registered[i % registered.Count], warmUp);
                await SendAsync($"nobody-{Guid.NewGuid():N}@example.org", warmUp);
            }
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < pairs; i++)
            {
                // Alternate which goes first, so neither side always follows the other's background work.
                var known = registered[i % registered.Count];
                var unknown = $"nobody-{Guid.NewGuid():N}@example.org";
                if (i % 2 == 0)
                {
                    await SendAsync(known, registeredTimes);
                    await SendAsync(unknown, unknownTimes);
                }
                else
                {
                    await SendAsync(unknown, unknownTimes);
                    await SendAsync(known, registeredTimes);
                }
            }
            registeredTimes.AddElapsed(clock.Elapsed / 2);
            unknownTimes.AddElapsed(clock.Elapsed / 2);
            results.Add((registeredTimes.Summarise(), unknownTimes.Summarise(), registeredTimes.Mean - unknownTimes.Mean));
        }

        // The registered addresses' links did go out: the work happened, only not on the request path.
        await events.WaitForAsync<PasswordResetRequested>(e => e.Email == confirmed[(pairs - 1) % confirmed.Count]);
        await events.WaitForAsync<EmailVerificationRequested>(e => e.Email == unconfirmed[(pairs - 1) % unconfirmed.Count]);
        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine(LatencySummary.MarkdownHeader);
        foreach (var (registered, unknown, _) in results)
        {
            Console.WriteLine(registered.ToMarkdownRow());
            Console.WriteLine(unknown.ToMarkdownRow());
        }
        foreach (var (registered, unknown, meanDifference) in results)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"{registered.Name} − unknown: p50 {registered.P50 - unknown.P50:+0.00;-0.00} ms, p90 {registered.P90 - unknown.P90:+0.00;-0.00} ms, mean {meanDifference:+0.00;-0.00} ms"));
        }
        Console.WriteLine("the last registered request of each endpoint got its link (mailed off the request path)");
    }
}
