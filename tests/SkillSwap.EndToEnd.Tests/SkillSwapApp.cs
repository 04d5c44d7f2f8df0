using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>
/// The whole AppHost in native mode (real PostgreSQL, Redis, RabbitMQ and SMTP processes, every service), reached
/// through the gateway exactly as the mobile app reaches it. Started once for all end-to-end tests.
/// </summary>
public sealed class SkillSwapApp : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private string _stateDirectory = string.Empty;

    public DistributedApplication App { get; private set; } = null!;
    public HttpClient Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var parent = Environment.GetEnvironmentVariable("SKILLSWAP_TEST_STATE") ?? Path.GetTempPath();
        _stateDirectory = Path.Combine(parent, $"e2e-{Guid.NewGuid():N}"[..12]);
        Directory.CreateDirectory(_stateDirectory);
        File.SetUnixFileMode(_stateDirectory, (UnixFileMode)0b111_101_101);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SkillSwap_AppHost>(
        [
            "Infrastructure:Mode=Native",
            $"Infrastructure:StateDirectory={_stateDirectory}",
            "Gateway:Port=0",
            "App:Port=0",
        ]);
        // The suite is a crowd of users behind one loopback address: Identity's per-address sign-in limit would
        // otherwise throttle the tests rather than an attacker.
        builder.CreateResourceBuilder<ProjectResource>("identity").WithEnvironment("Login__PerIpPermitLimit", "1000");
        // One staff member: this address becomes an admin (and so a moderator) when verified, as an operator's would.
        builder.CreateResourceBuilder<ProjectResource>("identity").WithEnvironment("Roles__BootstrapAdmins__0", StaffEmail);
        // Sessions reads its clock through this file, so a test can let a booked session end (see MoveSessionsClockAhead).
        builder.CreateResourceBuilder<ProjectResource>("sessions").WithEnvironment("Testing__ClockOffsetFile", SessionsClockFile);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());

        App = await builder.BuildAsync();
        await App.StartHealthyAsync(
            ["postgres", "cache", "eventbus", "mail", "identity", "profiles", "sessions", "payments", "chat", "reviews", "notifications", "administration", "gateway"],
            StartTimeout);
        Gateway = App.CreateHttpClient("gateway");
    }

    /// <summary>The one staff address of the suite (an admin once verified); sign it up once.</summary>
    public const string StaffEmail = "moderation@skillswap.test";

    private Task<string>? _staffSignUp;

    /// <summary>Signs <see cref="StaffEmail"/> up the first time it is asked; the suite's tests run one at a time.</summary>
    public Task<string> StaffSignedUpAsync(MobileClient client) =>
        _staffSignUp ??= Journeys.SignUpVerifiedAsync(this, client, "en", "Moderation", StaffEmail);

    private string SessionsClockFile => Path.Combine(_stateDirectory, "sessions-clock-offset");

    /// <summary>
    /// Moves the Sessions service's clock <paramref name="ahead"/> of the real one (every other service stays on the
    /// real clock) until the result is disposed. The end-to-end tests share one application and run one at a time.
    /// </summary>
    public IDisposable MoveSessionsClockAhead(TimeSpan ahead)
    {
        var written = SessionsClockFile + ".new";
        File.WriteAllText(written, ahead.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        File.Move(written, SessionsClockFile, overwrite: true);
        return new ClockReset(SessionsClockFile);
    }

    private sealed class ClockReset(string offsetFile) : IDisposable
    {
        public void Dispose() => File.Delete(offsetFile);
    }

    /// <summary>The emails the native SMTP server (the AppHost's "mail" resource) received for <paramref name="address"/>.</summary>
    public IReadOnlyList<MimeKit.MimeMessage> EmailsTo(string address) =>
        SkillSwap.Testing.Maildir.Read(Path.Combine(_stateDirectory, "mail", "maildir"), address);

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string");

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // PostgreSQL may still be flushing; ./skillswap test removes its whole state folder afterwards.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SkillSwapAppCollection : ICollectionFixture<SkillSwapApp>
{
    public const string Name = "SkillSwap application";
}
