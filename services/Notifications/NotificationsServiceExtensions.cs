using Microsoft.Extensions.DependencyInjection.Extensions;
using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Composing;
using SkillSwap.Notifications.Erasure;
using SkillSwap.Notifications.Inbox;
using SkillSwap.Notifications.Preferences;
using SkillSwap.Notifications.Recipients;
using SkillSwap.Notifications.Sources;

namespace SkillSwap.Notifications;

public static class NotificationsServiceExtensions
{
    public const string PostgresConnectionName = "notificationsdb";
    public const string MongoDatabaseName = "notifications";
    public const string EventBusConnectionName = "eventbus";

    public static WebApplicationBuilder AddNotificationsServices(this WebApplicationBuilder builder)
    {
        builder.AddDocumentStore(RegisterDocuments);
        var busServiceName = builder.Configuration[$"{EventBusOptions.SectionName}:ServiceName"] ?? UserErasureRequestedHandler.ServiceName;
        builder.AddRabbitMqEventBus(EventBusConnectionName, busServiceName)
            .AddSubscription<UserRegistered, RecipientDirectory>()
            .AddSubscription<ProfileUpdated, RecipientDirectory>()
            .AddSubscription<SessionRequested, SessionNotifications>()
            .AddSubscription<CreditsHeld, SessionNotifications>()
            .AddSubscription<SessionConfirmed, SessionNotifications>()
            .AddSubscription<SessionDeclined, SessionNotifications>()
            .AddSubscription<SessionCancelled, SessionNotifications>()
            .AddSubscription<SessionReminderDue, SessionNotifications>()
            .AddSubscription<ReviewRevealed, SessionNotifications>()
            .AddSubscription<UserErasureRequested, UserErasureRequestedHandler>();
        builder.Services.AddScoped<Notifier>();

        builder.AddJwtBearerValidation();
        builder.AddOpenApiDefaults();
        builder.Services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = false);
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static void RegisterDocuments(DocumentStoreOptions options)
    {
        options.PostgresConnectionName = PostgresConnectionName;
        options.MongoDatabaseName = MongoDatabaseName;
        options.Document<NotificationDocument>(notification => notification.Collection("notifications").Index(x => x.UserId, x => x.CreatedAt).Index(x => x.UserId, x => x.ReadAt));
        options.Document<RecipientDocument>(recipient => recipient.Collection("recipients"));
        options.KeepErasedUsers();
        options.Document<PreferencesDocument>(preferences => preferences.Collection("preferences"));
        options.Document<PendingRequestDocument>(pending => pending.Collection("pending_requests").Index(x => x.LearnerId).Index(x => x.TeacherId));
    }
}
