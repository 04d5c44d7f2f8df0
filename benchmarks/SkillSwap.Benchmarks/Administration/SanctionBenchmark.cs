using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkillSwap.Benchmarks.Load;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Benchmarks.Administration;

/// <summary>
/// From a moderator's suspension to the last service enforcing it, on the whole application (the AppHost, every service,
/// native servers) as <c>./skillswap run</c> starts it. <c>--clients</c> members are signed up, each with a public profile
/// teaching a word of their own and an open realtime connection through the gateway. Then, one member at a time, a
/// report of one of their messages becomes a case and the moderator suspends them; from the moment the decision is
/// sent, four probes poll until each service enforces it: the gateway refuses their access token, Chat closes their
/// connection, Identity refuses their sign-in, and search no longer finds them. The last of the four is the figure
/// the issue asks for. Then the suspension is lifted and the time until they sign in and are found again is measured.
/// </summary>
public static class SanctionBenchmark
{
    private const string Password = "correct horse battery staple";
    private const string StaffEmail = "bench-moderator@skillswap.test";
    private static readonly TimeSpan Give = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(20);
    private static readonly string[] Enforcement = ["gateway refuses the token", "chat closes the connection", "sign-in refused", "gone from search", "last service (all four)"];
    private static readonly string[] Restoration = ["sign-in works again", "found in search again", "last (both)"];
    private static readonly string[] English = ["en"];
    private static readonly string[] Teacher = ["teacher"];
    private static readonly string[] Online = ["online"];

    public static async Task RunAsync(BenchmarkArguments arguments)
    {
        var members = arguments.ClientsOr(30);
        Console.WriteLine($"sanctions benchmark: the whole application, {members} members suspended one after another, then lifted");
        var state = Path.Combine(Environment.GetEnvironmentVariable("SKILLSWAP_TEST_STATE") ?? Path.GetTempPath(), "sanctions");
        Directory.CreateDirectory(state);
        File.SetUnixFileMode(state, (UnixFileMode)0b111_101_101);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SkillSwap_AppHost>(
            ["Infrastructure:Mode=Native", $"Infrastructure:StateDirectory={state}", "Gateway:Port=0", "App:Port=0", "DemoData:Profiles=0"]);
        builder.CreateResourceBuilder<ProjectResource>("identity")
            .WithEnvironment("Login__PerIpPermitLimit", "100000")
            .WithEnvironment("Roles__BootstrapAdmins__0", StaffEmail);
        builder.CreateResourceBuilder<ProjectResource>("gateway")
            .WithEnvironment("Gateway__RateLimits__PermitsPerIp", "1000000")
            .WithEnvironment("Gateway__RateLimits__PermitsPerUser", "1000000");
        // The services' own logs (start-up noise included) stay in the dashboard; a failure here throws with its cause.
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)
            .AddFilter("SkillSwap.AppHost.Resources", LogLevel.None)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error));
        await using var app = await builder.BuildAsync();
        await app.StartHealthyAsync(["identity", "profiles", "chat", "administration", "gateway"], TimeSpan.FromMinutes(5));
        using var gateway = app.CreateHttpClient("gateway");
        var broker = await app.GetConnectionStringAsync("eventbus") ?? throw new InvalidOperationException("no event bus");

        var staff = await SignUpAsync(gateway, broker, StaffEmail);
        var people = new List<Member>();
        for (var i = 0; i < members; i++)
        {
            people.Add(await MemberAsync(gateway, broker, staff.Token));
        }
        Console.WriteLine($"{members} members signed up, each with a profile and a realtime connection");

        var enforcement = Enforcement.Select(name => new LatencyRecorder(name)).ToArray();
        var restoration = Restoration.Select(name => new LatencyRecorder(name)).ToArray();
        foreach (var member in people)
        {
            var caseId = await CaseAgainstAsync(gateway, broker, staff.Token, member.UserId);
            var started = Stopwatch.GetTimestamp();
            var decided = await SendAsync(gateway, HttpMethod.Post, $"/api/v1/admin/cases/{caseId}/decision", staff.Token,
                new { outcome = "suspend", reason = "Benchmark: a suspension", days = 1 });
            decided.EnsureSuccessStatusCode();
            var reached = await Task.WhenAll(
                UntilAsync(async () => (await SendAsync(gateway, HttpMethod.Get, "/api/v1/profiles/me", member.Token)).StatusCode == HttpStatusCode.Unauthorized),
                ClosedAsync(member.Hub),
                UntilAsync(async () => (await LogInAsync(gateway, member.Email)).StatusCode == HttpStatusCode.Forbidden),
                UntilAsync(async () => !await FoundAsync(gateway, staff.Token, member)));
            RecordAll(enforcement, started, reached);

            var sanctions = await ReadAsync(await SendAsync(gateway, HttpMethod.Get, $"/api/v1/admin/sanctions?userId={member.UserId}&inForce=true", staff.Token));
            var liftStarted = Stopwatch.GetTimestamp();
            (await SendAsync(gateway, HttpMethod.Post, $"/api/v1/admin/sanctions/{sanctions[0].GetProperty("id").GetString()}/lifting", staff.Token,
                new { reason = "Benchmark: lifted again" })).EnsureSuccessStatusCode();
            var restored = await Task.WhenAll(
                UntilAsync(async () => (await LogInAsync(gateway, member.Email)).StatusCode == HttpStatusCode.OK),
                UntilAsync(() => FoundAsync(gateway, staff.Token, member)));
            RecordAll(restoration, liftStarted, restored);
            await member.Hub.DisposeAsync();
        }

        Console.WriteLine();
        Console.WriteLine("from the decision sent (ms)            n     p50     p90     p99     max");
        foreach (var summary in enforcement.Concat(restoration).Select(recorder => recorder.Summarise()))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Name,-34} {summary.Requests,5} {summary.P50,7:F0} {summary.P90,7:F0} {summary.P99,7:F0} {summary.Max,7:F0}"));
        }
        await app.StopAsync();
    }

    /// <summary>Each probe's instant into its recorder, and the latest of them into the last one.</summary>
    private static void RecordAll(LatencyRecorder[] recorders, long started, long[] reachedAt)
    {
        for (var i = 0; i < reachedAt.Length; i++)
        {
            recorders[i].Record(Stopwatch.GetElapsedTime(started, reachedAt[i]), success: true);
        }
        recorders[^1].Record(Stopwatch.GetElapsedTime(started, reachedAt.Max()), success: true);
    }

    private static async Task<long> ClosedAsync(ChatAppClient hub)
    {
        await hub.Closed.WaitAsync(Give);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Polls until <paramref name="condition"/> holds; the instant it first held (a Stopwatch timestamp).</summary>
    private static async Task<long> UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Give.TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"not enforced within {Give.TotalSeconds} s");
            }
            await Task.Delay(PollEvery);
        }
        return Stopwatch.GetTimestamp();
    }

    private sealed record SignedIn(string Email, string UserId, string Token);

    private sealed record Member(string Email, string UserId, string Token, string Word, ChatAppClient Hub);

    private static async Task<Member> MemberAsync(HttpClient gateway, string broker, string staffToken)
    {
        var (email, userId, token) = await SignUpAsync(gateway, broker, $"bench-{Guid.NewGuid():N}@example.org");
        var word = "zither" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8)]);
        (await SendAsync(gateway, HttpMethod.Put, "/api/v1/profiles/me", token, new
        {
            displayName = "Bench", bio = "", locale = "en", languages = English, timeZone = "Europe/Paris", roles = Teacher,
            visibility = "public", availability = Array.Empty<object>(), sessionFormats = Online, version = 1,
        })).EnsureSuccessStatusCode();
        (await SendAsync(gateway, HttpMethod.Put, "/api/v1/profiles/me/skills", token, new
        {
            offered = new[] { new { skill = word, level = 4 } }, wanted = Array.Empty<object>(), version = 2,
        })).EnsureSuccessStatusCode();
        var member = new Member(email, userId, token, word, await ChatAppClient.ConnectAsync(gateway.BaseAddress!, token));
        await UntilAsync(() => FoundAsync(gateway, staffToken, member));
        return member;
    }

    private static async Task<SignedIn> SignUpAsync(HttpClient gateway, string broker, string email)
    {
        await using var events = await IntegrationEventProbe.StartAsync(broker, nameof(EmailVerificationRequested));
        var legal = await gateway.GetFromJsonAsync<JsonElement>("/api/v1/identity/legal-documents");
        (await gateway.PostAsJsonAsync("/api/v1/identity/accounts", new
        {
            email, password = Password, displayName = "Bench", locale = "en",
            acceptedTermsOfServiceVersion = legal.GetProperty("termsOfServiceVersion").GetString(),
            acceptedPrivacyPolicyVersion = legal.GetProperty("privacyPolicyVersion").GetString(),
            marketingConsent = false,
        })).EnsureSuccessStatusCode();
        var verification = await events.WaitForAsync<EmailVerificationRequested>(e => e.Email == email);
        (await gateway.PostAsJsonAsync("/api/v1/identity/email-verification", new { token = verification.Token })).EnsureSuccessStatusCode();
        var tokens = await ReadAsync(await LogInAsync(gateway, email));
        var token = tokens.GetProperty("accessToken").GetString()!;
        var userId = verification.UserId.ToString();
        // Profiles creates the profile from the sign-up's event.
        await UntilAsync(async () => (await SendAsync(gateway, HttpMethod.Get, "/api/v1/profiles/me", token)).IsSuccessStatusCode);
        return new SignedIn(email, userId, token);
    }

    private static async Task<string> CaseAgainstAsync(HttpClient gateway, string broker, string staffToken, string userId)
    {
        var conversation = $"bench-{Guid.NewGuid():N}";
        await EventPublisher.PublishAsync(broker, IntegrationEventProbe.EventsExchange,
            new ChatMessageReported(Guid.CreateVersion7(), conversation, 1, Guid.CreateVersion7(), Guid.Parse(userId), "a benchmark's message", "spam"));
        string? caseId = null;
        await UntilAsync(async () =>
        {
            var queue = await ReadAsync(await SendAsync(gateway, HttpMethod.Get, "/api/v1/admin/cases?kind=chat-message&limit=200", staffToken));
            caseId = queue.EnumerateArray().FirstOrDefault(c => c.GetProperty("subject").GetString() == $"{conversation}/1") is { ValueKind: JsonValueKind.Object } found
                ? found.GetProperty("id").GetString() : null;
            return caseId is not null;
        });
        return caseId!;
    }

    private static async Task<bool> FoundAsync(HttpClient gateway, string token, Member member)
    {
        var page = await ReadAsync(await SendAsync(gateway, HttpMethod.Get, $"/api/v1/profiles/search?q={member.Word}&limit=20", token));
        return page.GetProperty("items").EnumerateArray().Any(item => item.GetProperty("userId").GetString() == member.UserId);
    }

    private static Task<HttpResponseMessage> LogInAsync(HttpClient gateway, string email) =>
        gateway.PostAsJsonAsync("/api/v1/identity/tokens", new { email, password = Password });

    private static Task<HttpResponseMessage> SendAsync(HttpClient gateway, HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return gateway.SendAsync(request);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
