using Npgsql;
using RabbitMQ.Client;
using StackExchange.Redis;
using Microsoft.Extensions.Hosting;

namespace SkillSwap.Testing;

public sealed class PostgresServer() : NativeServer("postgres")
{
    public override string ConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Include Error Detail=true";

    public string ConnectionStringFor(string database) => $"{ConnectionString};Database={database}";

    protected override string Script => "postgres.sh";

    // Tests trade durability for speed; the AppHost keeps PostgreSQL's defaults.
    protected override IEnumerable<string> ExtraArguments => ["fsync=off", "synchronous_commit=off", "full_page_writes=off"];

    /// <summary>Creates an empty database for one test class, so suites never see each other's rows.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    protected override async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection($"{ConnectionStringFor("postgres")};Pooling=false;Timeout=2");
        await connection.OpenAsync(cancellationToken);
    }
}

public sealed class RedisServer() : NativeServer("redis")
{
    public override string ConnectionString => $"127.0.0.1:{Port},password={Password},abortConnect=false";

    protected override string Script => "redis.sh";
    protected override IEnumerable<string> ExtraArguments => [];

    protected override async Task ProbeAsync(CancellationToken cancellationToken)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},password={Password},connectTimeout=1000");
        await connection.GetDatabase().PingAsync();
    }
}

public sealed class RabbitMqServer : NativeServer
{
    private readonly int _epmdPort = FreePorts.Next();
    private readonly int _distributionPort = FreePorts.Next();

    public RabbitMqServer() : base("rabbitmq")
    {
    }

    public override string ConnectionString => $"amqp://skillswap:{Password}@127.0.0.1:{Port}/";

    protected override string Script => "rabbitmq.sh";
    protected override IEnumerable<string> ExtraArguments => [];
    protected override TimeSpan StartTimeout => TimeSpan.FromSeconds(90);

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["SKILLSWAP_EPMD_PORT"] = _epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SKILLSWAP_RABBITMQ_DIST_PORT"] = _distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(ConnectionString), RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
    }
}

/// <summary>
/// A real SMTP server (aiosmtpd from Debian) that keeps every email it accepts in a Maildir, read back with MimeKit.
/// </summary>
public sealed class SmtpServer() : NativeServer("smtp")
{
    public override string ConnectionString => $"smtp://127.0.0.1:{Port}";

    protected override string Script => "smtp.sh";
    protected override IEnumerable<string> ExtraArguments => [];

    /// <summary>Every email received so far, oldest first.</summary>
    public IReadOnlyList<MimeKit.MimeMessage> Received() => Maildir.Read(Path.Combine(DataDirectory, "maildir"));

    /// <summary>The emails sent to <paramref name="address"/>.</summary>
    public IReadOnlyList<MimeKit.MimeMessage> ReceivedBy(string address) => Maildir.Read(Path.Combine(DataDirectory, "maildir"), address);

    protected override async Task ProbeAsync(CancellationToken cancellationToken)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, Port, cancellationToken);
        using var reader = new StreamReader(client.GetStream());
        var greeting = await reader.ReadLineAsync(cancellationToken);
        if (greeting?.StartsWith("220", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"SMTP server greeted with '{greeting}'");
        }
    }
}
