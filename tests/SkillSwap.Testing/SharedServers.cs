namespace SkillSwap.Testing;

/// <summary>
/// One PostgreSQL, Redis, RabbitMQ and SMTP server per test process, started on first use and stopped when the process
/// exits. Suites isolate themselves with their own databases, key prefixes and virtual queues.
/// Fault tests that restart a server create their own instance instead of using these.
/// </summary>
public static class SharedServers
{
    private static readonly Lazy<Task<PostgresServer>> LazyPostgres = new(() => StartAsync(new PostgresServer()));
    private static readonly Lazy<Task<RedisServer>> LazyRedis = new(() => StartAsync(new RedisServer()));
    private static readonly Lazy<Task<RabbitMqServer>> LazyRabbitMq = new(() => StartAsync(new RabbitMqServer()));
    private static readonly Lazy<Task<SmtpServer>> LazySmtp = new(() => StartAsync(new SmtpServer()));
    private static readonly List<NativeServer> Started = [];

    static SharedServers()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Started)
            {
                Task.WaitAll([.. Started.Select(server => server.StopAsync())], TimeSpan.FromSeconds(30));
            }
        };
    }

    public static Task<PostgresServer> PostgresAsync() => LazyPostgres.Value;
    public static Task<RedisServer> RedisAsync() => LazyRedis.Value;
    public static Task<RabbitMqServer> RabbitMqAsync() => LazyRabbitMq.Value;
    public static Task<SmtpServer> SmtpAsync() => LazySmtp.Value;

    /// <summary>Starts a server owned by the caller (fault tests), still stopped at process exit if the test forgets.</summary>
    public static async Task<T> StartAsync<T>(T server) where T : NativeServer
    {
        lock (Started)
        {
            Started.Add(server);
        }
        await server.StartAsync();
        return server;
    }
}
