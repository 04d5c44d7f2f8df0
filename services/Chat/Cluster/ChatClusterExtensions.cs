using System.Net;
using Orleans.Configuration;
using StackExchange.Redis;

namespace SkillSwap.Chat.Cluster;

/// <summary>
/// The Orleans silo co-hosted in every Chat replica. The replicas find each other in Redis (the AppHost's <c>cache</c>)
/// and form one cluster; grains and the SignalR hub run side by side, so no Orleans client gateway is opened.
/// </summary>
public static class ChatClusterExtensions
{
    public const string ClusteringConnectionName = "cache";

    public static WebApplicationBuilder AddChatCluster(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var redis = configuration.GetConnectionString(ClusteringConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ClusteringConnectionName} (Redis) is required: the Chat replicas find each other there.");
        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = configuration["Orleans:ClusterId"] ?? "skillswap-chat";
                options.ServiceId = configuration["Orleans:ServiceId"] ?? "skillswap-chat";
            });
            // Replicas share a machine in development and tests: each takes a free port unless told one.
            var siloPort = configuration.GetValue<int?>("Orleans:SiloPort") ?? FreePorts.Next();
            if (configuration["Orleans:AdvertisedIPAddress"] is { Length: > 0 } advertised)
            {
                silo.ConfigureEndpoints(IPAddress.Parse(advertised), siloPort, gatewayPort: 0, listenOnAnyHostAddress: false);
            }
            else
            {
                silo.ConfigureEndpoints(siloPort, gatewayPort: 0, listenOnAnyHostAddress: true);
            }
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                // A replica that dies must be declared dead in seconds, not the default tens of seconds: until then
                // its conversations cannot be re-activated elsewhere. Two replicas: one vote is all there can be.
                options.ProbeTimeout = TimeSpan.FromSeconds(2);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
                configuration.GetSection("Orleans:Membership").Bind(options);
            });
            silo.Configure<SiloMessagingOptions>(options =>
            {
                options.ResponseTimeout = TimeSpan.FromSeconds(10);
                configuration.GetSection("Orleans:Messaging").Bind(options);
            });
        });
        builder.Services.AddHealthChecks().AddCheck<ChatClusterHealthCheck>("orleans", tags: ["ready"]);
        return builder;
    }
}
