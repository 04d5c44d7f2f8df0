using Microsoft.Extensions.DependencyInjection.Extensions;
using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Erasure;
using SkillSwap.Profiles.Profiles;
using SkillSwap.Profiles.Registration;

namespace SkillSwap.Profiles;

public static class ProfilesServiceExtensions
{
    public const string PostgresConnectionName = "profilesdb";
    public const string MongoDatabaseName = "profiles";
    public const string EventBusConnectionName = "eventbus";

    /// <summary>Names this service's queues and its answer to erasure requests (<see cref="UserDataErased.Service"/>).</summary>
    public const string ServiceName = "profiles";

    public static WebApplicationBuilder AddProfilesServices(this WebApplicationBuilder builder)
    {
        builder.AddDocumentStore(options =>
        {
            options.PostgresConnectionName = PostgresConnectionName;
            options.MongoDatabaseName = MongoDatabaseName;
            // Profiles are edited rarely and must survive a failover: the default w:majority, j:true.
            options.Document<ProfileDocument>(profile => profile.Collection("profiles"));
        });

        // Overridable so several deployments (test runs, staging beside production) can share one broker; the
        // erasure answer keeps naming the "profiles" part whatever the queue is called.
        var busServiceName = builder.Configuration[$"{EventBusOptions.SectionName}:ServiceName"] ?? ServiceName;
        builder.AddRabbitMqEventBus(EventBusConnectionName, busServiceName)
            .AddSubscription<UserRegistered, UserRegisteredHandler>()
            .AddSubscription<UserErasureRequested, UserErasureRequestedHandler>();

        builder.AddJwtBearerValidation();
        builder.AddOpenApiDefaults();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
