namespace SkillSwap.AppHost.Infrastructure;

/// <summary>A locally installed server started by the AppHost from eng/native/&lt;script&gt;.</summary>
public abstract class NativeServerResource(string name, string script, string workingDirectory)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public string Script { get; } = script;

    public EndpointReference Endpoint => new(this, EndpointName);

    public abstract ReferenceExpression ConnectionStringExpression { get; }
}

public sealed class NativePostgresServerResource(string name, string workingDirectory, string password)
    : NativeServerResource(name, "postgres.sh", workingDirectory)
{
    public string Password { get; } = password;

    public Dictionary<string, string> Databases { get; } = new(StringComparer.OrdinalIgnoreCase);

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password}");
}

/// <summary>A database on the native PostgreSQL server, created by the AppHost once the server is up.</summary>
public sealed class NativePostgresDatabaseResource(string name, string databaseName, NativePostgresServerResource parent)
    : Resource(name), IResourceWithParent<NativePostgresServerResource>, IResourceWithConnectionString
{
    public NativePostgresServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

public sealed class NativeRedisResource(string name, string workingDirectory, string password)
    : NativeServerResource(name, "redis.sh", workingDirectory)
{
    public string Password { get; } = password;

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"127.0.0.1:{Endpoint.Property(EndpointProperty.Port)},password={Password}");
}

public sealed class NativeRabbitMqResource(string name, string workingDirectory, string password)
    : NativeServerResource(name, "rabbitmq.sh", workingDirectory)
{
    public string Password { get; } = password;

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://skillswap:{Password}@127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}");
}

public sealed class NativeMongoDbResource(string name, string workingDirectory)
    : NativeServerResource(name, "mongodb.sh", workingDirectory)
{
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"mongodb://127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}/?directConnection=true");
}

public sealed class NativeElasticsearchResource(string name, string workingDirectory)
    : NativeServerResource(name, "elasticsearch.sh", workingDirectory)
{
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"http://127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}");
}

/// <summary>aiosmtpd keeping every email in a Maildir under the state folder: developers read what was sent, nothing leaves the machine.</summary>
public sealed class NativeSmtpResource(string name, string workingDirectory)
    : NativeServerResource(name, "smtp.sh", workingDirectory)
{
    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"smtp://127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}");
}
