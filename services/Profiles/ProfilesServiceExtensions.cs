using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.DemoData;
using SkillSwap.Profiles.Erasure;
using SkillSwap.Profiles.Matching;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Registration;
using SkillSwap.Profiles.Reporting;
using SkillSwap.Profiles.Sanctions;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Skills.Catalogue;
using SkillSwap.Profiles.Trust;

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
            options.Document<ProfileReportDocument>(report => report.Collection("profile_reports"));
        });

        builder.AddSkillSwapService(ServiceName, EventBusConnectionName)
            .AddSubscription<UserRegistered, UserRegisteredHandler>()
            .AddSubscription<UserErasureRequested, UserErasureRequestedHandler>()
            .AddSubscription<UserRatingChanged, TrustHandler>()
            .AddSubscription<UserReliabilityChanged, TrustHandler>()
            // Profiles listens to its own announcements to keep the search index in step (see SearchIndexer).
            .AddSubscription<ProfileUpdated, SearchIndexer>()
            .AddSubscription<SkillsChanged, SearchIndexer>()
            .AddSubscription<SkillsChanged, MatchAnnouncer>()
            .AddSubscription<UserBlocked, SearchIndexer>()
            .AddSubscription<UserUnblocked, SearchIndexer>()
            .AddSubscription<AccountSanctioned, SanctionedProfiles>()
            .AddSubscription<AccountSanctionLifted, SanctionedProfiles>()
            .AddSubscription<ContentRemoved, ModerationRemovals>();

        builder.Services.AddSingleton(SkillCatalogue.LoadEmbedded());
        builder.Services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>, MiniLmEmbeddingGenerator>();
        builder.Services.AddSingleton<SkillVectors>();
        builder.Services.AddSingleton<ProfileIndexProjection>();
        builder.Services.AddSingleton<MatchFinder>();
        builder.Services.AddScoped<SearchIndexer>();
        builder.Services.AddSingleton<RebuildSearchIndex>();
        builder.AddProfileSearch(PostgresConnectionName);
        builder.AddDemoData();

        return builder;
    }
}
