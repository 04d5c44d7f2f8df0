using Microsoft.Extensions.Http.Resilience;
using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Composing;
using SkillSwap.Notifications.Delivery;
using SkillSwap.Notifications.Devices;
using SkillSwap.Notifications.Digests;
using SkillSwap.Notifications.Erasure;
using SkillSwap.Notifications.Inbox;
using SkillSwap.Notifications.Preferences;
using SkillSwap.Notifications.Recipients;
using SkillSwap.Notifications.Sources;
using SkillSwap.Notifications.Surveys;

namespace SkillSwap.Notifications;

public static class NotificationsServiceExtensions
{
    public const string PostgresConnectionName = "notificationsdb";
    public const string MongoDatabaseName = "notifications";
    public const string ServiceName = "notifications";
    public const string EventBusConnectionName = "eventbus";

    public static WebApplicationBuilder AddNotificationsServices(this WebApplicationBuilder builder)
    {
        builder.AddDocumentStore(RegisterDocuments);
        builder.AddSkillSwapService(ServiceName, EventBusConnectionName)
            .AddSubscription<UserRegistered, RecipientDirectory>()
            .AddSubscription<ProfileUpdated, RecipientDirectory>()
            .AddSubscription<SessionRequested, SessionNotifications>()
            .AddSubscription<CreditsHeld, SessionNotifications>()
            .AddSubscription<SessionConfirmed, SessionNotifications>()
            .AddSubscription<SessionDeclined, SessionNotifications>()
            .AddSubscription<SessionCancelled, SessionNotifications>()
            .AddSubscription<SessionReminderDue, SessionNotifications>()
            .AddSubscription<ReviewRevealed, SessionNotifications>()
            .AddSubscription<EmailVerificationRequested, AccountEmails>()
            .AddSubscription<PasswordResetRequested, AccountEmails>()
            .AddSubscription<AccountSanctioned, ModerationEmails>()
            .AddSubscription<AccountSanctionLifted, ModerationEmails>()
            .AddSubscription<MemberWarned, ModerationEmails>()
            .AddSubscription<DecisionWithdrawn, ModerationEmails>()
            .AddSubscription<ContentRemoved, ModerationEmails>()
            .AddSubscription<ChatMessagesWhileOffline, MessageDigests>()
            .AddSubscription<SessionCompleted, SurveyPrompts>()
            .AddSubscription<MatchFound, MatchNotifications>()
            .AddSubscription<SignInsEnded, EndedSignInDevices>()
            .AddSubscription<UserErasureRequested, UserErasureRequestedHandler>();
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddScoped<MessageDigests>();
        builder.AddValidatedOptions<NotificationsOptions>(NotificationsOptions.SectionName)
            .Validate(notifications => MimeKit.MailboxAddress.TryParse(notifications.EmailFrom, out _),
                "Notifications:EmailFrom must be an address such as \"SkillSwap <no-reply@skillswap.app>\".");
        builder.Services.AddSingleton<SmtpEmailSender>();
        builder.Services.AddHttpClient<ExpoPushSender>();
        // A push POST that timed out may have been delivered: the dispatcher's own retry decides, not a blind resend.
        builder.Services.AddOptions<HttpStandardResilienceOptions>($"{nameof(ExpoPushSender)}-standard")
            .Configure(resilience => resilience.Retry.DisableForUnsafeHttpMethods());
        builder.Services.AddSingleton<DeliveryLedger>();
        builder.Services.AddSingleton<EmailChannel>();
        builder.Services.AddSingleton<PushChannel>();
        builder.Services.AddHostedService<DeliveryDispatcher>();
        builder.Services.AddHostedService<MessageDigestFlusher>();
        builder.Services.AddHostedService<DeliveryRetentionSweep>();
        builder.Services.AddHostedService<PushReceiptChecker>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(SurveysApi.StaffPolicy, policy => policy.RequireAuthenticatedUser().RequireRole("moderator", "admin"));

        // An erased account's last access tokens create nothing the erasure would never remove.
        builder.AddAccessTokenCheck<ErasedAccountRefused>();
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
        options.Document<DeliveryDocument>(delivery => delivery.Collection("deliveries").Index(x => x.State, x => x.DueAt).Index(x => x.UserId));
        options.Document<DeviceDocument>(device => device.Collection("devices").Index(x => x.UserId));
        options.Document<PushReceiptDocument>(receipt => receipt.Collection("push_receipts").Index(x => x.CheckAfter).Index(x => x.UserId));
        options.Document<MessageDigestDocument>(digest => digest.Collection("message_digests").Index(x => x.DueAt));
        options.Document<MatchAnnouncementsDocument>(told => told.Collection("match_announcements"));
        options.Document<SurveyPromptDocument>(prompt => prompt.Collection("survey_prompts"));
        options.Document<SurveyResponseDocument>(response => response.Collection("survey_responses").Index(x => x.AnsweredAt).Index(x => x.UserId));
    }
}
