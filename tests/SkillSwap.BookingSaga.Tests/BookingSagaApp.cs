using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.BookingSaga.Tests;

/// <summary>
/// Sessions and Payments as two real processes over their own PostgreSQL databases and a RabbitMQ of their own (so a
/// test can restart it), trusting one <see cref="TestTokenIssuer"/>. Identity is not running: users are registered by
/// publishing <see cref="UserRegistered"/> as Identity does, which gives them their welcome grant.
/// </summary>
public sealed class BookingSagaApp : IAsyncLifetime
{
    public const int WelcomeGrantMinutes = 600;
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TestTokenIssuer? _issuer;

    public RabbitMqServer Broker { get; private set; } = null!;
    public ServiceProcess Sessions { get; private set; } = null!;
    public ServiceProcess Payments { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
        Broker = await SharedServers.StartAsync(new RabbitMqServer());
        _issuer = await TestTokenIssuer.StartAsync();
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings:eventbus"] = Broker.ConnectionString,
            ["Jwt:Authority"] = _issuer.Authority,
            ["EventBus:RelayPollInterval"] = "00:00:01",
            ["EventBus:RetryDelays:0"] = "00:00:01",
        };
        Sessions = new ServiceProcess("Sessions", new Dictionary<string, string>(common)
        {
            ["ConnectionStrings:sessionsdb"] = await postgres.CreateDatabaseAsync("sessions"),
            // Longer than any restart here: the saga must finish by its answers, not by its timeout.
            ["Sessions:PaymentTimeout"] = "00:10:00",
            // A hundred bookings of one learner with one teacher is what the saga tests do; the daily limit is Sessions' own test.
            ["Sessions:RequestsPerTeacherPerDay"] = "100",
        });
        Payments = new ServiceProcess("Payments", new Dictionary<string, string>(common)
        {
            ["ConnectionStrings:paymentsdb"] = await postgres.CreateDatabaseAsync("payments"),
            ["Payments:WelcomeGrantMinutes"] = WelcomeGrantMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EventBus:ConsumerConcurrency"] = "8",
        });
        await Task.WhenAll(Sessions.StartAsync(), Payments.StartAsync());
        await BrokerQueues.WaitForConsumerAsync(Broker.ConnectionString, "sessions");
        await BrokerQueues.WaitForConsumerAsync(Broker.ConnectionString, "payments");
    }

    public HttpClient SessionsFor(Guid userId, string role = "member") => Client(Sessions, userId, role);

    public HttpClient PaymentsFor(Guid userId, string role = "member") => Client(Payments, userId, role);

    /// <summary>A new user as Identity announces them; returns once Payments granted the welcome credits.</summary>
    public async Task<Guid> RegisterAsync()
    {
        var userId = Guid.CreateVersion7();
        await EventPublisher.PublishAsync(Broker.ConnectionString, IntegrationEventProbe.EventsExchange,
            new UserRegistered(userId, $"{userId:N}@skillswap.test", "Saga user", "en"));
        using var wallet = PaymentsFor(userId);
        await Eventually.WaitUntilAsync(async () => (await WalletAsync(wallet)).BalanceMinutes == WelcomeGrantMinutes,
            TimeSpan.FromSeconds(30), $"welcome grant of {userId}");
        return userId;
    }

    public static async Task<Wallet> WalletAsync(HttpClient payments) =>
        (await payments.GetFromJsonAsync<Wallet>("/api/v1/wallet", Json))!;

    public async Task<Audit> AuditAsync()
    {
        using var moderator = PaymentsFor(Guid.CreateVersion7(), "moderator");
        return (await moderator.GetFromJsonAsync<Audit>("/api/v1/payments/ledger/audit", Json))!;
    }

    private HttpClient Client(ServiceProcess service, Guid userId, string role)
    {
        var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _issuer!.TokenFor(userId, role));
        return client;
    }

    public async Task DisposeAsync()
    {
        await Sessions.DisposeAsync();
        await Payments.DisposeAsync();
        await Broker.StopAsync();
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }

    public sealed record Wallet(long BalanceMinutes, long HeldMinutes, long IncomingMinutes);

    public sealed record Audit(bool Healthy, long LedgerSumMinutes, long MismatchedAccounts, long NegativeUserWallets, long UnbalancedTransactions, long EscrowsOutOfStep);

    public sealed record Session(string Id, string Status);

    public sealed record Escrow(string Status, int HeldMinutes);
}

[CollectionDefinition(Name)]
public sealed class BookingSagaCollection : ICollectionFixture<BookingSagaApp>
{
    public const string Name = "booking saga";
}
