using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.Clock;
using SkillSwap.Sessions.Completion;
using SkillSwap.Sessions.Erasure;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Participants;
using SkillSwap.Sessions.Payment;
using SkillSwap.Sessions.Reliability;
using SkillSwap.Sessions.Sanctions;

namespace SkillSwap.Sessions;

public static class SessionsServiceExtensions
{
    public const string PostgresConnectionName = "sessionsdb";
    public const string MongoDatabaseName = "sessions";
    public const string ServiceName = "sessions";
    public const string EventBusConnectionName = "eventbus";

    public static WebApplicationBuilder AddSessionsServices(this WebApplicationBuilder builder)
    {
        builder.AddDocumentStore(RegisterDocuments);

        builder.AddSkillSwapService(ServiceName, EventBusConnectionName)
            .AddSubscription<CreditsHeld, PaymentAnswers>()
            .AddSubscription<CreditsRejected, PaymentAnswers>()
            .AddSubscription<UserRegistered, ParticipantDirectory>()
            .AddSubscription<ProfileUpdated, ParticipantDirectory>()
            .AddSubscription<UserBlocked, ParticipantDirectory>()
            .AddSubscription<UserUnblocked, ParticipantDirectory>()
            .AddSubscription<SignInsEnded, CalendarFeedRevocation>()
            .AddSubscription<UserErasureRequested, UserErasureRequestedHandler>()
            .AddSubscription<AccountSanctioned, SanctionedParticipants>()
            .AddSubscription<AccountSanctionLifted, SanctionedParticipants>()
            .AddSubscription<DisputeSettled, DisputeSettlements>();

        builder.AddValidatedOptions<SessionsOptions>(SessionsOptions.SectionName);
        builder.Services.AddScoped<SessionRunner>();
        builder.Services.AddScoped<SessionCommands>();
        builder.Services.AddSingleton<SessionClock>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SessionClock>());

        // An erased account's last access tokens create nothing the erasure would never remove.
        builder.AddAccessTokenCheck<ErasedAccountRefused>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CompletionApi.ModeratorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole("moderator", "admin"));
        return builder;
    }

    /// <summary>Sessions' collections and indexes (also used by the offline MongoDB translation tests).</summary>
    public static void RegisterDocuments(DocumentStoreOptions options)
    {
        options.PostgresConnectionName = PostgresConnectionName;
        options.MongoDatabaseName = MongoDatabaseName;
        // A session, its calendar claims and its events must commit together, or a lost race leaves claims and holds
        // behind: on MongoDB that takes a transaction (a replica set), so a standalone server is refused, not tolerated.
        options.MongoTransactions = MongoTransactionMode.Required;
        // Sessions and the calendar move money: the default w:majority, j:true for every one of them.
        options.Document<SessionDocument>(session => session
            .Collection("sessions")
            .Index(x => x.Status, x => x.StartsAt)
            .Index(x => x.DueAt)
            .Index(x => x.ParticipantIds));
        options.Document<CalendarClaim>(claim => claim.Collection("calendar_claims").Index(x => x.SessionId));
        options.Document<ParticipantDocument>(participant => participant.Collection("participants"));
        options.Document<CalendarFeedDocument>(feed => feed.Collection("calendar_feeds"));
        options.Document<ReliabilityDocument>(reliability => reliability.Collection("reliability"));
        options.KeepErasedUsers();
    }
}
