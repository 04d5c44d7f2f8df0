using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests.Infrastructure;

/// <summary>
/// The Identity service in memory over its own fresh PostgreSQL database and private exchanges on the shared
/// RabbitMQ, with an <see cref="EventProbe"/> listening beside it.
/// </summary>
public sealed class IdentityApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@skillswap.test";
    public const string TermsVersion = "2025-11-01";
    public const string PrivacyVersion = "2025-11-01";

    /// <summary>
    /// In memory there is no socket, so every request would come from no address at all: a request carrying this
    /// header comes from the address it names, as from a distinct client.
    /// </summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    private readonly Dictionary<string, string?> _overrides;
    private string _databaseConnectionString = "";
    private string _brokerConnectionString = "";
    private string _cacheConnectionString = "";

    public IdentityApp() : this([])
    {
    }

    /// <summary>For suites that need settings of their own; internal so xunit sees one public constructor.</summary>
    internal IdentityApp(Dictionary<string, string?> overrides) => _overrides = overrides;

    public BusNames Names { get; } = BusNames.Unique();
    private EventProbe? _probe;

    public EventProbe Probe => _probe ?? throw new InvalidOperationException("The application is not initialised.");

    public async Task InitializeAsync()
    {
        var postgres = await SharedServers.PostgresAsync();
        var rabbitMq = await SharedServers.RabbitMqAsync();
        _databaseConnectionString = await postgres.CreateDatabaseAsync("identity");
        _brokerConnectionString = rabbitMq.ConnectionString;
        _cacheConnectionString = (await SharedServers.RedisAsync()).ConnectionString;
        _probe = await EventProbe.StartAsync(_brokerConnectionString, await postgres.CreateDatabaseAsync("probe"), Names);

        // Starts the service (migrations included) and waits until it listens to its queue.
        _ = Server;
        await BrokerQueues.WaitForConsumerAsync(_brokerConnectionString, Names.IdentityService);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:identitydb"] = _databaseConnectionString,
            ["ConnectionStrings:eventbus"] = _brokerConnectionString,
            ["ConnectionStrings:cache"] = _cacheConnectionString,
            ["EventBus:ServiceName"] = Names.IdentityService,
            ["EventBus:ExchangeName"] = Names.Exchange,
            ["EventBus:DeadLetterExchangeName"] = Names.DeadLetterExchange,
            ["EventBus:RelayPollInterval"] = "00:00:01",
            ["Login:PerIpPermitLimit"] = "100000",
            ["Erasure:SweepInterval"] = "00:00:01",
            ["Roles:BootstrapAdmins:0"] = AdminEmail,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:SkillSwap"] = "Warning",
        };
        foreach (var (key, value) in _overrides)
        {
            settings[key] = value;
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader], out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>Runs <paramref name="work"/> against the service's own database, e.g. to check that nothing changed.</summary>
    public async Task<T> QueryAsync<T>(Func<IdentityDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<IdentityDbContext>());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }
        await DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class IdentityCollection : ICollectionFixture<IdentityApp>
{
    /// <summary>
    /// One service for the suites that share it: they run one after another, which also keeps the machine's two
    /// cores for bcrypt.
    /// </summary>
    public const string Name = "identity";
}
