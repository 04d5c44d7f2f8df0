using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore.Inbox;
using SkillSwap.DocumentStore.Mongo;
using SkillSwap.DocumentStore.Outbox;
using SkillSwap.DocumentStore.Postgres;
using SkillSwap.EventBus;

using SkillSwap.EventBus.Outbox;

namespace SkillSwap.DocumentStore;

public static class DocumentStoreHostingExtensions
{
    /// <summary>
    /// Registers the document store: MongoDB when <c>ConnectionStrings:{MongoConnectionName}</c> ("mongodb") is set,
    /// otherwise Marten on <c>ConnectionStrings:{PostgresConnectionName}</c>. Adds the scoped
    /// <see cref="IDocumentSession"/>, the event-bus <see cref="IOutboxStore"/> (singleton) and <see cref="IInboxStore"/>
    /// (scoped, sharing the session), a "documentstore" health check, and start-up schema creation.
    /// </summary>
    public static IHostApplicationBuilder AddDocumentStore(this IHostApplicationBuilder builder, Action<DocumentStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<DocumentStoreOptions>()
            .Configure(configure)
            .Validate(options => !string.IsNullOrWhiteSpace(options.MongoConnectionName), "MongoConnectionName must not be empty.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.PostgresSchemaName), "PostgresSchemaName must not be empty.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DocumentStoreOptions>, ConnectionValidation>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IDocumentStore>(CreateStore);
        builder.Services.AddScoped(services =>
        {
            var session = services.GetRequiredService<IDocumentStore>().OpenSession();
            // The signal exists when the service runs the RabbitMQ event bus.
            return services.GetService<IOutboxSignal>() is { } signal ? new OutboxSignallingSession(session, signal) : session;
        });
        builder.Services.AddSingleton<IOutboxStore, DocumentOutboxStore>();
        builder.Services.AddScoped<IInboxStore, DocumentInboxStore>();
        builder.Services.AddHostedService<DocumentStoreInitializer>();
        builder.Services.AddHealthChecks().AddCheck<DocumentStoreHealthCheck>("documentstore", tags: ["ready"]);
        return builder;
    }

    private static IDocumentStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DocumentStoreOptions>>().Value;
        var configuration = services.GetRequiredService<IConfiguration>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("SkillSwap.DocumentStore");

        if (configuration.GetConnectionString(options.MongoConnectionName) is { Length: > 0 } mongo)
        {
            var store = MongoDocumentStore.Create(mongo, options);
            logger.LogInformation("Document store: MongoDB (connection string '{ConnectionName}', transactions {TransactionMode})",
                options.MongoConnectionName, options.MongoTransactions);
            return store;
        }

        var postgres = configuration.GetConnectionString(options.PostgresConnectionName!)!;
        logger.LogInformation("Document store: PostgreSQL JSONB via Marten (connection string '{ConnectionName}'; no '{MongoConnectionName}' configured)",
            options.PostgresConnectionName, options.MongoConnectionName);
        return new MartenDocumentStore(postgres, options, logger);
    }

    /// <summary>Fails start-up with a clear message when neither engine has a connection string.</summary>
    private sealed class ConnectionValidation(IConfiguration configuration) : IValidateOptions<DocumentStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, DocumentStoreOptions options)
        {
            if (configuration.GetConnectionString(options.MongoConnectionName) is { Length: > 0 } mongo)
            {
                return MongoDB.Driver.MongoUrl.Create(mongo).DatabaseName is null && string.IsNullOrWhiteSpace(options.MongoDatabaseName)
                    ? ValidateOptionsResult.Fail("MongoDB is configured but names no database: set MongoDatabaseName or put it in the connection string.")
                    : ValidateOptionsResult.Success;
            }
            if (string.IsNullOrWhiteSpace(options.PostgresConnectionName))
            {
                return ValidateOptionsResult.Fail(
                    $"No ConnectionStrings:{options.MongoConnectionName} and no PostgresConnectionName for the PostgreSQL fallback.");
            }
            return string.IsNullOrWhiteSpace(configuration.GetConnectionString(options.PostgresConnectionName))
                ? ValidateOptionsResult.Fail(
                    $"Neither ConnectionStrings:{options.MongoConnectionName} nor ConnectionStrings:{options.PostgresConnectionName} is set.")
                : ValidateOptionsResult.Success;
        }
    }
}

/// <summary>Creates collections/tables and indexes before the service takes traffic.</summary>
internal sealed class DocumentStoreInitializer(IDocumentStore store, IOptions<DocumentStoreOptions> options, ILogger<DocumentStoreInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ApplySchemaOnStartup)
        {
            return;
        }
        await store.ApplySchemaAsync(cancellationToken);
        logger.LogInformation("Document store schema applied on {Provider} (atomic commits: {Atomic})", store.ProviderName, store.SupportsAtomicCommit);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class DocumentStoreHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{store.ProviderName} reachable");
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{store.ProviderName} unreachable", ex);
        }
    }
}
