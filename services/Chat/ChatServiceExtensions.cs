using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.SignalR;
using SkillSwap.Chat.Cluster;
using SkillSwap.Chat.Conversations;
using SkillSwap.Chat.Erasure;
using SkillSwap.Chat.Messages;
using SkillSwap.Chat.Notifications;
using SkillSwap.Chat.People;
using SkillSwap.Chat.Presence;
using SkillSwap.Chat.Realtime;
using SkillSwap.Chat.Relay;
using SkillSwap.Chat.SignIns;
using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Chat;

public static class ChatServiceExtensions
{
    public const string PostgresConnectionName = "chatdb";
    public const string MongoDatabaseName = "chat";
    public const string ServiceName = "chat";
    public const string EventBusConnectionName = "eventbus";

    public static WebApplicationBuilder AddChatServices(this WebApplicationBuilder builder)
    {
        builder.AddDocumentStore(RegisterDocuments);

        builder.AddSkillSwapService(ServiceName, EventBusConnectionName)
            .AddSubscription<UserRegistered, PeopleDirectory>()
            .AddSubscription<UserBlocked, PeopleDirectory>()
            .AddSubscription<UserUnblocked, PeopleDirectory>()
            .AddSubscription<SessionConfirmed, SessionConversations>()
            .AddSubscription<GroupSessionParticipantsChanged, SessionConversations>()
            .AddSubscription<RealtimeNotificationRequested, RealtimeNotifications>()
            .AddSubscription<SignInsEnded, EndedSignIns>()
            .AddSubscription<ContentRemoved, ModerationRemovals>()
            .AddSubscription<BookingDisputed, DisputeQuotes>()
            .AddSubscription<UserErasureRequested, UserErasureRequestedHandler>();

        builder.AddValidatedOptions<ChatOptions>(ChatOptions.SectionName);

        builder.AddChatCluster();
        builder.Services.AddSingleton<MessageArchiveWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MessageArchiveWriter>());
        builder.Services.AddSingleton<SiloRelay>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SiloRelay>());
        builder.Services.AddSingleton<IConversationListeners>(services => services.GetRequiredService<SiloRelay>());
        builder.Services.AddScoped<ChatCommands>();
        builder.Services.AddSingleton<HubRateLimits>();
        // Enums travel as kebab-case names ("direct", "online"), like every SkillSwap API, over HTTP and the hub alike.
        var enumsAsNames = new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(enumsAsNames));
        builder.Services.AddSignalR(hub => hub.MaximumReceiveMessageSize = 64 * 1024)
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(enumsAsNames));
        builder.Services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();

        // A token of a sign-in that ended (logout, password reset) or of an erased account is refused here though it
        // has not expired.
        builder.AddAccessTokenCheck<EndedSignInRefused>()
            .AddAccessTokenCheck<ErasedAccountRefused>();
        // Browsers and the SignalR clients cannot set headers on a WebSocket: the token comes as ?access_token=.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Events ??= new JwtBearerEvents();
            options.Events.OnMessageReceived = context =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is { Count: 1 } token)
                {
                    context.Token = token;
                }
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    public static void RegisterDocuments(DocumentStoreOptions options)
    {
        options.PostgresConnectionName = PostgresConnectionName;
        options.MongoDatabaseName = MongoDatabaseName;
        // Messages are many and small: w:1 (a failover may lose the last instant; clients resend what was not
        // acknowledged). Everything else keeps the default w:majority, j:true.
        options.Document<MessageDocument>(message => message
            .Collection("messages")
            .WithDurability(WriteDurability.Acknowledged)
            .Index(x => x.ConversationId, x => x.Sequence)
            .UniqueIndex(x => x.ConversationId, x => x.SenderId, x => x.ClientMessageId)
            .Index(x => x.SenderId));
        options.Document<ConversationDocument>(conversation => conversation
            .Collection("conversations")
            .Index(x => x.MemberIds)
            .Index(x => x.ActiveAt));
        options.Document<PersonDocument>(person => person.Collection("people"));
        options.Document<PresenceDocument>(presence => presence.Collection("presence"));
        options.Document<MessageReportDocument>(report => report.Collection("message_reports").Index(x => x.ReporterId));
        options.Document<EndedSignInsDocument>(ended => ended.Collection("ended_sign_ins"));
        options.KeepErasedUsers();
    }
}
