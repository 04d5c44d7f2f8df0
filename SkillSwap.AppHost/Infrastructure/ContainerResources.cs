namespace SkillSwap.AppHost.Infrastructure;

// Aspire.Hosting.MongoDB and Aspire.Hosting.Elasticsearch are not available from our package mirror, so these
// two engines are modelled here as plain container resources with a connection string.

public sealed class MongoDbServerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"mongodb://{Endpoint.Property(EndpointProperty.HostAndPort)}/?directConnection=true");
}

public sealed class ElasticsearchResource(string name, ParameterResource password) : ContainerResource(name), IResourceWithConnectionString
{
    public const string EndpointName = "http";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"http://elastic:{Password}@{Endpoint.Property(EndpointProperty.HostAndPort)}");
}

/// <summary>Mailpit: an SMTP server for development that shows every email it receives in a web page.</summary>
public sealed class MailpitResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public const string SmtpEndpointName = "smtp";

    public EndpointReference SmtpEndpoint => new(this, SmtpEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"smtp://{SmtpEndpoint.Property(EndpointProperty.HostAndPort)}");
}
