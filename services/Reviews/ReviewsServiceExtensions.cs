using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Reviews.Blocking;
using SkillSwap.Reviews.CompletedSessions;
using SkillSwap.Reviews.Erasure;
using SkillSwap.Reviews.Ratings;
using SkillSwap.Reviews.Reports;
using SkillSwap.Reviews.Writing;

namespace SkillSwap.Reviews;

public static class ReviewsServiceExtensions
{
    public const string PostgresConnectionName = "reviewsdb";
    public const string MongoDatabaseName = "reviews";
    public const string ServiceName = "reviews";
    public const string EventBusConnectionName = "eventbus";

    public static WebApplicationBuilder AddReviewsServices(this WebApplicationBuilder builder)
    {
        builder.AddDocumentStore(RegisterDocuments);
        builder.AddSkillSwapService(ServiceName, EventBusConnectionName)
            .AddSubscription<SessionCompleted, SessionCompletedHandler>()
            .AddSubscription<UserBlocked, BlockEvents>()
            .AddSubscription<UserUnblocked, BlockEvents>()
            .AddSubscription<ContentRemoved, ModerationRemovals>()
            .AddSubscription<UserErasureRequested, UserErasureRequestedHandler>();

        builder.AddValidatedOptions<ReviewsOptions>(ReviewsOptions.SectionName);
        builder.Services.AddScoped<RatingBook>();
        builder.Services.AddSingleton<RevealClock>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RevealClock>());

        // An erased account's last access tokens create nothing the erasure would never remove.
        builder.AddAccessTokenCheck<ErasedAccountRefused>();
        return builder;
    }

    /// <summary>Reviews' collections and indexes. Every write keeps the default w:majority, j:true on MongoDB.</summary>
    public static void RegisterDocuments(DocumentStoreOptions options)
    {
        options.PostgresConnectionName = PostgresConnectionName;
        options.MongoDatabaseName = MongoDatabaseName;
        // A review, its exchange and the ratings it moves commit together.
        options.MongoTransactions = MongoTransactionMode.Required;
        options.Document<ReviewDocument>(review => review
            .Collection("reviews")
            .UniqueIndex(x => x.ReviewId)
            .Index(x => x.RevieweeId, x => x.Revealed, x => x.CreatedAt)
            .Index(x => x.AuthorId)
            .Index(x => x.Revealed, x => x.RevealAt));
        options.Document<ReviewExchangeDocument>(exchange => exchange.Collection("review_exchanges").Index(x => x.Reviewed));
        options.Document<CompletedSessionDocument>(session => session.Collection("completed_sessions").Index(x => x.TeacherId).Index(x => x.LearnerIds));
        options.Document<RatingDocument>(rating => rating.Collection("ratings"));
        options.Document<ReviewReportDocument>(report => report.Collection("review_reports").Index(x => x.ReporterId));
        options.Document<BlocksDocument>(blocks => blocks.Collection("blocks"));
        options.KeepErasedUsers();
    }
}
