using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore.Inbox;
using SkillSwap.DocumentStore.Mongo;
using SkillSwap.DocumentStore.Outbox;
using SkillSwap.DocumentStore.Postgres;
using SkillSwap.EventBus;
using SkillSwap.Testing;

namespace SkillSwap.DocumentStore.Tests.Hosting;

public sealed class AddDocumentStoreTests
{
    private readonly List<string> _logs = [];

    private HostApplicationBuilder Builder(Dictionary<string, string?> connectionStrings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(connectionStrings.Select(pair => KeyValuePair.Create($"ConnectionStrings:{pair.Key}", pair.Value)));
        builder.Logging.AddProvider(new ListLoggerProvider(_logs));
        builder.AddDocumentStore(options =>
        {
            options.PostgresConnectionName = "profilesdb";
            options.Document<LessonDocument>(lesson => lesson.Collection("lessons"));
        });
        return builder;
    }

    [Fact]
    public async Task Without_mongodb_the_service_runs_on_postgresql_with_session_outbox_inbox_and_health_check()
    {
        var postgres = await SharedServers.PostgresAsync();
        using var host = Builder(new() { ["profilesdb"] = await postgres.CreateDatabaseAsync("docstore_host") }).Build();
        await host.StartAsync(); // applies the schema

        Assert.IsType<MartenDocumentStore>(host.Services.GetRequiredService<IDocumentStore>());
        Assert.Contains(_logs, line => line.Contains("PostgreSQL JSONB via Marten") && line.Contains("profilesdb"));
        Assert.IsType<DocumentOutboxStore>(host.Services.GetRequiredService<IOutboxStore>());

        var eventId = Guid.NewGuid();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            var inbox = Assert.IsType<DocumentInboxStore>(scope.ServiceProvider.GetRequiredService<IInboxStore>());
            // The handler writes through the scoped session; the inbox commits it.
            Assert.True(await inbox.HandleOnceAsync(eventId, "profiles", _ =>
            {
                session.Insert(new LessonDocument { Id = $"host-{eventId:N}", Title = "from a handler" });
                return Task.CompletedTask;
            }, default));
        }
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            Assert.Equal("from a handler", (await session.LoadAsync<LessonDocument>($"host-{eventId:N}"))?.Title);
        }

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Entries["documentstore"].Status);
        await host.StopAsync();
    }

    [Fact]
    public void A_mongodb_connection_string_selects_mongodb()
    {
        using var host = Builder(new()
        {
            ["mongodb"] = "mongodb://127.0.0.1:1/profiles?serverSelectionTimeoutMS=200",
            ["profilesdb"] = "Host=127.0.0.1;Port=1",
        }).Build();

        var store = Assert.IsType<MongoDocumentStore>(host.Services.GetRequiredService<IDocumentStore>());
        Assert.Equal("MongoDB", store.ProviderName);
        Assert.Contains(_logs, line => line.Contains("Document store: MongoDB"));
    }

    [Fact]
    public async Task Start_up_fails_with_a_clear_message_when_no_engine_is_configured()
    {
        using var host = Builder([]).Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Neither ConnectionStrings:mongodb nor ConnectionStrings:profilesdb is set", error.Message);
    }

    [Fact]
    public async Task Start_up_fails_when_mongodb_names_no_database()
    {
        using var host = Builder(new() { ["mongodb"] = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200" }).Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("names no database", error.Message);
    }

    [Fact]
    public async Task Health_check_reports_an_unreachable_server()
    {
        using var host = Builder(new() { ["profilesdb"] = $"Host=127.0.0.1;Port={FreePorts.Next()};Username=x;Password=y;Timeout=2" }).Build();
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Entries["documentstore"].Status);
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (lines)
                {
                    lines.Add(formatter(state, exception));
                }
            }
        }
    }
}
