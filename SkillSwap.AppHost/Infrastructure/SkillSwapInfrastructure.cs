using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SkillSwap.AppHost.Infrastructure;

/// <summary>
/// The backing servers, with the same resource names in both modes: postgres, mongodb, search, cache, eventbus.
/// <see cref="MongoDb"/> and <see cref="Search"/> are null in native mode when those engines are not installed;
/// the services then use their PostgreSQL providers.
/// </summary>
public sealed class SkillSwapInfrastructure
{
    private readonly Func<string, IResourceBuilder<IResourceWithConnectionString>> _addPostgresDatabase;

    private SkillSwapInfrastructure(
        InfrastructureMode mode,
        IResourceBuilder<IResourceWithConnectionString> postgres,
        Func<string, IResourceBuilder<IResourceWithConnectionString>> addPostgresDatabase,
        IResourceBuilder<IResourceWithConnectionString> cache,
        IResourceBuilder<IResourceWithConnectionString> eventBus,
        IResourceBuilder<IResourceWithConnectionString>? mongoDb,
        IResourceBuilder<IResourceWithConnectionString>? search,
        IResourceBuilder<IResourceWithConnectionString> mail)
    {
        Mail = mail;
        Mode = mode;
        Postgres = postgres;
        _addPostgresDatabase = addPostgresDatabase;
        Cache = cache;
        EventBus = eventBus;
        MongoDb = mongoDb;
        Search = search;
    }

    public InfrastructureMode Mode { get; }
    public IResourceBuilder<IResourceWithConnectionString> Postgres { get; }
    public IResourceBuilder<IResourceWithConnectionString> Cache { get; }
    public IResourceBuilder<IResourceWithConnectionString> EventBus { get; }
    public IResourceBuilder<IResourceWithConnectionString>? MongoDb { get; }
    public IResourceBuilder<IResourceWithConnectionString>? Search { get; }

    /// <summary>
    /// Where emails go: an SMTP server that keeps them for developers under <c>run</c> (Mailpit's web page, or a Maildir
    /// in native mode); deployed, the operator's provider, given as the <c>mail</c> connection string.
    /// </summary>
    public IResourceBuilder<IResourceWithConnectionString> Mail { get; }

    /// <summary>One database per service on the shared server (Identity's, Payments', document-store fallbacks).</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddPostgresDatabase(string name) => _addPostgresDatabase(name);

    public static SkillSwapInfrastructure Add(IDistributedApplicationBuilder builder)
    {
        var mode = InfrastructureModeSelector.Choose(builder, out var reason);
        var infrastructure = mode == InfrastructureMode.Containers ? AddContainers(builder) : AddNative(builder);

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SkillSwap.Infrastructure");
            logger.LogInformation("Infrastructure mode: {Mode} ({Reason})", mode, reason);
            foreach (var (name, engine) in infrastructure.DescribeEngines())
            {
                logger.LogInformation("Resource {Resource}: {Engine}", name, engine);
            }
            return Task.CompletedTask;
        });
        return infrastructure;
    }

    private IEnumerable<(string Name, string Engine)> DescribeEngines()
    {
        var kind = Mode == InfrastructureMode.Containers ? "container" : "native process";
        yield return ("postgres", $"PostgreSQL ({kind})");
        yield return ("cache", $"Redis ({kind})");
        yield return ("eventbus", $"RabbitMQ ({kind})");
        yield return ("mongodb", MongoDb is null ? "absent: document stores use their PostgreSQL provider" : $"MongoDB ({kind})");
        yield return ("search", Search is null ? "absent: search uses its PostgreSQL adapter" : $"Elasticsearch ({kind})");
        yield return ("mail", Mode == InfrastructureMode.Containers ? "Mailpit (container; the operator's SMTP provider when deployed)" : "aiosmtpd (native process; emails kept in its Maildir)");
    }

    private static SkillSwapInfrastructure AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres").WithDataVolume("skillswap-postgres-data").WithLifetime(ContainerLifetime.Persistent);
        var cache = builder.AddRedis("cache").WithDataVolume("skillswap-cache-data").WithPersistence();
        var eventBus = builder.AddRabbitMQ("eventbus").WithDataVolume("skillswap-eventbus-data");

        var mongoDb = builder.AddResource(new MongoDbServerResource("mongodb"))
            .WithImage("library/mongo", "8.0")
            .WithImageRegistry("docker.io")
            .WithEndpoint(targetPort: 27017, name: MongoDbServerResource.EndpointName, scheme: "tcp")
            // A one-member replica set, so multi-document transactions work (Sessions requires them); the document
            // store initiates it on first start.
            .WithArgs("--replSet", "rs0", "--bind_ip_all")
            .WithVolume("skillswap-mongodb-data", "/data/db");

        var elasticPassword = builder.AddParameter("search-password", secret: true);
        var search = builder.AddResource(new ElasticsearchResource("search", elasticPassword.Resource))
            .WithImage("elasticsearch/elasticsearch", "9.1.5")
            .WithImageRegistry("docker.elastic.co")
            .WithHttpEndpoint(targetPort: 9200, name: ElasticsearchResource.EndpointName)
            .WithEnvironment("discovery.type", "single-node")
            .WithEnvironment("xpack.security.enabled", "true")
            .WithEnvironment("ELASTIC_PASSWORD", elasticPassword)
            .WithEnvironment("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
            .WithVolume("skillswap-search-data", "/usr/share/elasticsearch/data");

        // Deployed, emails go to the operator's SMTP provider; under run, to Mailpit, whose page shows them.
        var mail = builder.ExecutionContext.IsPublishMode
            ? builder.AddConnectionString("mail")
            : builder.AddResource(new MailpitResource("mail"))
                .WithImage("axllent/mailpit", "v1.22.3")
                .WithImageRegistry("docker.io")
                .WithEndpoint(targetPort: 1025, name: MailpitResource.SmtpEndpointName, scheme: "tcp")
                .WithHttpEndpoint(targetPort: 8025, name: "http")
                .AsConnectionString();

        return new SkillSwapInfrastructure(
            InfrastructureMode.Containers,
            postgres.AsConnectionString(),
            name => postgres.AddDatabase(name).AsConnectionString(),
            cache.AsConnectionString(),
            eventBus.AsConnectionString(),
            mongoDb.AsConnectionString(),
            search.AsConnectionString(),
            mail);
    }

    private static SkillSwapInfrastructure AddNative(IDistributedApplicationBuilder builder)
    {
        var state = NativeStateFolder.Resolve(builder);
        var scripts = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "eng", "native"));

        var postgresResource = new NativePostgresServerResource("postgres", state.Root, state.Secret("postgres"));
        var postgres = AddNativeServer(builder, postgresResource, scripts, state)
            .WithArgs(state.SecretFile("postgres"));
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => CurrentConnectionString(postgresResource)
                + ";Database=postgres;Timeout=3",
            name: "postgres_check");
        postgres.WithHealthCheck("postgres_check");
        builder.Eventing.Subscribe<ResourceReadyEvent>(postgresResource, (@event, cancellationToken) =>
            CreateDatabasesAsync(builder, postgresResource, @event.Services, cancellationToken));

        var redisResource = new NativeRedisResource("cache", state.Root, state.Secret("cache"));
        var cache = AddNativeServer(builder, redisResource, scripts, state)
            .WithArgs(state.SecretFile("cache"), "--persist");
        builder.Services.AddHealthChecks().AddRedis(
            _ => CurrentConnectionString(redisResource),
            name: "cache_check");
        cache.WithHealthCheck("cache_check");

        var rabbitResource = new NativeRabbitMqResource("eventbus", state.Root, state.Secret("eventbus"));
        var eventBus = AddNativeServer(builder, rabbitResource, scripts, state)
            .WithArgs(state.SecretFile("eventbus"))
            .WithEnvironment("SKILLSWAP_EPMD_PORT", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("SKILLSWAP_RABBITMQ_DIST_PORT", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            "eventbus_check", _ => new RabbitMqHealthProbe(rabbitResource), failureStatus: null, tags: null));
        eventBus.WithHealthCheck("eventbus_check");

        IResourceBuilder<IResourceWithConnectionString>? mongoDb = null;
        if (IsOnPath("mongod"))
        {
            mongoDb = AddNativeServer(builder, new NativeMongoDbResource("mongodb", state.Root), scripts, state).AsConnectionString();
        }
        IResourceBuilder<IResourceWithConnectionString>? search = null;
        if (IsOnPath("elasticsearch"))
        {
            search = AddNativeServer(builder, new NativeElasticsearchResource("search", state.Root), scripts, state).AsConnectionString();
        }

        var smtpResource = new NativeSmtpResource("mail", state.Root);
        var mail = AddNativeServer(builder, smtpResource, scripts, state);
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            "mail_check", _ => new SmtpHealthProbe(smtpResource), failureStatus: null, tags: null));
        mail.WithHealthCheck("mail_check");

        return new SkillSwapInfrastructure(
            InfrastructureMode.Native,
            postgres.AsConnectionString(),
            name => AddNativeDatabase(builder, postgresResource, name),
            cache.AsConnectionString(),
            eventBus.AsConnectionString(),
            mongoDb,
            search,
            mail.AsConnectionString());
    }

    /// <summary>
    /// Runs eng/native/&lt;script&gt; DATA_DIR PORT ... on a port chosen now, not proxied, so clients talk to the
    /// server directly and a restart of the AppHost keeps the data folder.
    /// </summary>
    private static IResourceBuilder<T> AddNativeServer<T>(
        IDistributedApplicationBuilder builder, T resource, string scripts, NativeStateFolder state)
        where T : NativeServerResource
    {
        var port = FreePorts.Next();
        return builder.AddResource(resource)
            .WithArgs(Path.Combine(scripts, resource.Script), state.DataDirectory(resource.Name), port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: NativeServerResource.EndpointName, isProxied: false, isExternal: false);
    }

    /// <summary>
    /// A database is not a process, so nothing reports its state: it waits until the server is ready and the
    /// AppHost has created it (<see cref="CreateDatabasesAsync"/>), then becomes Running and is health-checked.
    /// </summary>
    private static IResourceBuilder<IResourceWithConnectionString> AddNativeDatabase(
        IDistributedApplicationBuilder builder, NativePostgresServerResource server, string name)
    {
        server.Databases[name] = name;
        var database = new NativePostgresDatabaseResource(name, name, server);
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => CurrentConnectionString(database) + ";Timeout=3",
            name: $"{name}_check");
        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new(CustomResourceKnownProperties.Source, server.Name)],
            })
            .WithHealthCheck($"{name}_check")
            .AsConnectionString();
    }

    private static async Task CreateDatabasesAsync(
        IDistributedApplicationBuilder builder,
        NativePostgresServerResource server,
        IServiceProvider services,
        CancellationToken cancellationToken)
    {
        const int MaxAttempts = 10;
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var loggers = services.GetRequiredService<ResourceLoggerService>();
        var databases = builder.Resources.OfType<NativePostgresDatabaseResource>().Where(d => d.Parent == server).ToList();
        // Nothing calls this again: a failure left unreported would keep every database, and every service waiting
        // for one, Waiting for ever. A server that has just passed its health check may still refuse a moment.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CreateMissingDatabasesAsync(server, cancellationToken);
                break;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && attempt < MaxAttempts)
            {
                loggers.GetLogger(server).LogWarning("Creating the databases failed (attempt {Attempt} of {MaxAttempts}): {Error}", attempt, MaxAttempts, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // On each database's own log: those are the resources a reader finds stuck.
                foreach (var database in databases)
                {
                    loggers.GetLogger(database).LogError(ex, "Could not create the database {Database} on {Server}", database.DatabaseName, server.Name);
                    await notifications.PublishUpdateAsync(database, snapshot => snapshot with { State = KnownResourceStates.FailedToStart });
                }
                return;
            }
        }
        foreach (var database in databases)
        {
            await notifications.PublishUpdateAsync(database, snapshot => snapshot with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        }
    }

    private static async Task CreateMissingDatabasesAsync(NativePostgresServerResource server, CancellationToken cancellationToken)
    {
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
        await using var connection = new NpgsqlConnection($"{connectionString};Database=postgres;Timeout=3");
        await connection.OpenAsync(cancellationToken);
        foreach (var database in server.Databases.Values)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = database } },
            };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// For health checks, which are registered before the run: native servers' endpoints are fixed up front, so the
    /// expression resolves at once.
    /// </summary>
    private static string CurrentConnectionString(IResourceWithConnectionString resource) =>
        resource.ConnectionStringExpression.GetValueAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()!;

    private static bool IsOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}

/// <summary>One local folder that keeps every native server's data and generated passwords across runs.</summary>
public sealed class NativeStateFolder
{
    public const string ConfigurationKey = "Infrastructure:StateDirectory";

    private NativeStateFolder(string root) => Root = root;

    public string Root { get; }

    public static NativeStateFolder Resolve(IDistributedApplicationBuilder builder)
    {
        var root = builder.Configuration[ConfigurationKey]
            ?? Path.Combine(builder.AppHostDirectory, "..", ".skillswap", "state");
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(root, "secrets"));
        // PostgreSQL runs as its own account when we are root, so it must be able to traverse this folder.
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        return new NativeStateFolder(root);
    }

    public string DataDirectory(string resourceName) => Path.Combine(Root, resourceName);

    public string SecretFile(string resourceName) => Path.Combine(Root, "secrets", $"{resourceName}.password");

    /// <summary>Generated on first run, then reused, so existing data stays reachable.</summary>
    public string Secret(string resourceName)
    {
        var file = SecretFile(resourceName);
        if (!File.Exists(file))
        {
            File.WriteAllText(file, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return File.ReadAllText(file).Trim();
    }
}
