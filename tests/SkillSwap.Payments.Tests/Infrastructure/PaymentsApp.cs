using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Escrow;
using SkillSwap.Payments.Infrastructure;
using SkillSwap.Payments.Ledger;
using SkillSwap.Payments.Wallets;
using SkillSwap.Testing;

namespace SkillSwap.Payments.Tests.Infrastructure;

/// <summary>
/// The Payments service in memory over its own fresh PostgreSQL database and the shared RabbitMQ of this test process,
/// trusting a <see cref="TestTokenIssuer"/>, with an <see cref="IntegrationEventProbe"/> reading what it publishes. It
/// handles up to <see cref="ConsumerConcurrency"/> deliveries at once, as a busy production replica would, so handlers
/// of concurrent events really race.
/// </summary>
public sealed class PaymentsApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const int ConsumerConcurrency = 8;
    public const int WelcomeGrantMinutes = 180;

    private readonly EventBusCounters _counters = new();
    private string _databaseConnectionString = "";
    private string _brokerConnectionString = "";
    private TestTokenIssuer? _issuer;
    private IntegrationEventProbe? _probe;

    /// <summary>Unique per application, so a queue left by an earlier run never steals this one's deliveries.</summary>
    public string QueueName { get; } = $"payments-{Guid.NewGuid():N}"[..17];

    public TestTokenIssuer Issuer => _issuer ?? throw new InvalidOperationException("The application is not initialised.");

    public IntegrationEventProbe Probe => _probe ?? throw new InvalidOperationException("The application is not initialised.");

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
        var rabbitMq = await SharedServers.RabbitMqAsync();
        _databaseConnectionString = await postgres.CreateDatabaseAsync("payments");
        _brokerConnectionString = rabbitMq.ConnectionString;
        _issuer = await TestTokenIssuer.StartAsync();
        _probe = await IntegrationEventProbe.StartAsync(
            _brokerConnectionString, nameof(CreditsHeld), nameof(CreditsRejected), nameof(UserDataErased), nameof(WelcomeCreditsGranted));

        // Starts the service and waits until it listens to its queue: events published before are unroutable.
        StartServer();
        await BrokerQueues.WaitForConsumerAsync(_brokerConnectionString, QueueName);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:paymentsdb"] = _databaseConnectionString,
            ["ConnectionStrings:eventbus"] = _brokerConnectionString,
            ["Jwt:Authority"] = Issuer.Authority,
            ["EventBus:ServiceName"] = QueueName,
            ["EventBus:DeadLetterExchangeName"] = $"dead-letter-{QueueName}",
            ["EventBus:RelayPollInterval"] = "00:00:01",
            ["EventBus:ConsumerConcurrency"] = ConsumerConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EventBus:PrefetchCount"] = "32",
            // A failing handler is retried soon, not after the production back-off.
            ["EventBus:RetryDelays:0"] = "00:00:01",
            ["Payments:WelcomeGrantMinutes"] = WelcomeGrantMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Payments:LateCancellationTeacherSharePercent"] = "50",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient ClientFor(Guid userId, string role = "member") => ClientWith(Issuer.TokenFor(userId, role));

    public HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>GET <paramref name="path"/> as <paramref name="userId"/> (in <paramref name="role"/>), asserting 200.</summary>
    public async Task<T> GetAsync<T>(Guid userId, string path, string role = "member")
    {
        using var client = ClientFor(userId, role);
        return await (await client.GetAsync(path)).ReadAsync<T>(HttpStatusCode.OK);
    }

    public Task<WalletResponse> WalletAsync(Guid userId) => GetAsync<WalletResponse>(userId, "/api/v1/wallet");

    public Task<EscrowResponse> EscrowViewAsync(Guid userId, Guid bookingId) =>
        GetAsync<EscrowResponse>(userId, $"/api/v1/wallet/escrows/{bookingId}");

    public Task PublishAsync(IntegrationEvent integrationEvent) =>
        EventPublisher.PublishAsync(_brokerConnectionString, IntegrationEventProbe.EventsExchange, integrationEvent);

    /// <summary>
    /// Publishes <paramref name="events"/> back to back on one channel, so they wait in the service's queue together and
    /// its consumer takes up to <see cref="ConsumerConcurrency"/> of them at once; then waits until the service has
    /// consumed every delivery, duplicates included: afterwards, whatever they were going to change has been committed.
    /// </summary>
    public Task PublishAndWaitAsync(params IntegrationEvent[] events) => _counters.PublishAndWaitAsync(_brokerConnectionString, events);

    /// <summary>How many handlings of <typeparamref name="TEvent"/> failed and were sent back for a retry so far.</summary>
    public long RetriedCount<TEvent>() where TEvent : IntegrationEvent => _counters.Count(EventBusCounters.Retried, typeof(TEvent).Name);

    /// <summary>A new user whose welcome grant has been credited.</summary>
    public async Task<Guid> RegisterUserAsync()
    {
        var userId = Guid.CreateVersion7();
        await PublishAndWaitAsync(new UserRegistered(userId, $"{userId:N}@skillswap.test", "Ana", "fr"));
        Assert.Equal(WelcomeGrantMinutes, await BalanceAsync(userId));
        return userId;
    }

    /// <summary>A booking request as Sessions sends it.</summary>
    public static SessionRequested Booking(Guid learnerId, Guid teacherId, int creditMinutes) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), learnerId, teacherId, creditMinutes, "Piano");

    /// <summary>Asks for a hold and waits for Payments' answer, which must be <see cref="CreditsHeld"/>.</summary>
    public async Task<SessionRequested> HoldAsync(Guid learnerId, Guid teacherId, int creditMinutes)
    {
        var request = Booking(learnerId, teacherId, creditMinutes);
        await PublishAsync(request);
        var held = await Probe.WaitForAsync<CreditsHeld>(e => e.BookingId == request.BookingId);
        Assert.Equal(creditMinutes, held.CreditMinutes);
        Assert.Equal(learnerId, held.LearnerId);
        return request;
    }

    /// <summary>
    /// Raises <paramref name="userId"/>'s balance to <paramref name="targetMinutes"/> the way credits really arrive: other
    /// users book sessions this user teaches, and the sessions take place.
    /// </summary>
    public async Task FundAsync(Guid userId, long targetMinutes)
    {
        while (await BalanceAsync(userId) is var balance && balance < targetMinutes)
        {
            var payer = await RegisterUserAsync();
            var booking = await HoldAsync(payer, userId, (int)Math.Min(WelcomeGrantMinutes, targetMinutes - balance));
            await PublishAndWaitAsync(new BookingCompleted(booking.BookingId, booking.SessionId, payer, userId));
        }
        Assert.Equal(targetMinutes, await BalanceAsync(userId));
    }

    public async Task<T> QueryAsync<T>(Func<PaymentsDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PaymentsDbContext>());
    }

    /// <summary>The balance of the wallet <paramref name="userId"/> owns (0 when there is none).</summary>
    public Task<long> BalanceAsync(Guid userId) => QueryAsync(db =>
        db.Accounts.Where(a => a.UserId == userId).Select(a => a.BalanceMinutes).SingleOrDefaultAsync());

    public Task<BookingEscrow?> EscrowAsync(Guid bookingId) => QueryAsync(db =>
        db.Escrows.AsNoTracking().SingleOrDefaultAsync(e => e.BookingId == bookingId));

    /// <summary>How many events of <paramref name="eventType"/> mentioning <paramref name="id"/> the service has published (or will).</summary>
    public Task<int> OutboxCountAsync(string eventType, Guid id)
    {
        var mention = $"%{id}%";
        return QueryAsync(db => db.Database
            .SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM outbox_messages WHERE event_type = {eventType} AND payload LIKE {mention}""")
            .SingleAsync());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }
        await DisposeAsync();
        _counters.Dispose();
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PaymentsCollection : ICollectionFixture<PaymentsApp>
{
    /// <summary>One service shared by the suites; they run one after another, so consumption counts are theirs.</summary>
    public const string Name = "payments";
}
