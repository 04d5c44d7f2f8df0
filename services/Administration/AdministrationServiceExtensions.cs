using System.Text.Json;
using System.Text.Json.Serialization;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Erasure;
using SkillSwap.Administration.Infrastructure;
using SkillSwap.Administration.Kpis;
using SkillSwap.Administration.Moderation;
using SkillSwap.Administration.Sanctions;
using SkillSwap.EventBus;
using SkillSwap.EventBus.EntityFrameworkCore;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Administration;

public static class AdministrationServiceExtensions
{
    public const string DatabaseConnectionName = "administrationdb";
    public const string EventBusConnectionName = "eventbus";

    /// <summary>Names this service's queues.</summary>
    public const string ServiceName = "administration";

    public static WebApplicationBuilder AddAdministrationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        builder.AddNpgsqlDbContext<AdministrationDbContext>(DatabaseConnectionName);
        builder.AddSkillSwapService(ServiceName, EventBusConnectionName)
            .AddSubscription<ChatMessageReported, ReportIntake>()
            .AddSubscription<ReviewReported, ReportIntake>()
            .AddSubscription<BookingDisputed, ReportIntake>()
            .AddSubscription<ProfileReported, ReportIntake>()
            .AddSubscription<DisputedSessionChatQuoted, ReportIntake>()
            .AddSubscription<SessionRequested, BookingDirectory>()
            .AddSubscription<CreditsHeld, BookingDirectory>()
            .AddSubscription<SessionConfirmed, BookingDirectory>()
            .AddSubscription<SessionCompleted, BookingDirectory>()
            .AddSubscription<BookingCompleted, BookingDirectory>()
            .AddSubscription<BookingCancelled, BookingDirectory>()
            .AddSubscription<BookingDisputed, BookingDirectory>()
            .AddSubscription<BookingDisputeResolved, BookingDirectory>()
            .AddSubscription<SupportActionTaken, SupportAudit>()
            .ReadEventHistory()
            .AddSubscription<UserRegistered, KpiRecorder>()
            .AddSubscription<EmailVerified, KpiRecorder>()
            .AddSubscription<SkillsChanged, KpiRecorder>()
            .AddSubscription<FirstMatchesShown, KpiRecorder>()
            .AddSubscription<ChatMemberWrote, KpiRecorder>()
            .AddSubscription<SessionRequested, KpiRecorder>()
            .AddSubscription<SessionConfirmed, KpiRecorder>()
            .AddSubscription<SessionCompleted, KpiRecorder>()
            .AddSubscription<ReviewRevealed, KpiRecorder>()
            .AddSubscription<NpsAnswered, KpiRecorder>()
            .AddSubscription<WelcomeCreditsGranted, KpiRecorder>()
            .AddSubscription<UserErasureRequested, UserErasureRequestedHandler>();
        services.AddEntityFrameworkEventBusStores<AdministrationDbContext>();

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.Moderation, policy => policy.RequireAuthenticatedUser().RequireRole(StaffPolicies.ModeratorRole, StaffPolicies.AdminRole))
            .AddPolicy(StaffPolicies.Administration, policy => policy.RequireAuthenticatedUser().RequireRole(StaffPolicies.AdminRole))
            .AddPolicy(StaffPolicies.Staff, policy => policy.RequireAuthenticatedUser()
                .RequireRole(StaffPolicies.ModeratorRole, StaffPolicies.SupportRole, StaffPolicies.AdminRole));
        // Enums travel as kebab-case names ("chat-message", "open"), like every SkillSwap API.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));

        services.AddScoped<AuditLog>();
        services.AddScoped<CaseDecisions>();
        services.AddScoped<SanctionBook>();
        services.AddHostedService<SanctionClock>();
        services.AddHostedService<BookingTimelineSweep>();
        services.AddScoped<KpiProjection>();
        services.AddScoped<KpiReader>();
        return builder;
    }
}

/// <summary>Who may use which part of the administration API. Members never; an admin token also carries the moderator role.</summary>
public static class StaffPolicies
{
    public const string Moderation = "administration-moderation";
    public const string Staff = "administration-staff";
    public const string Administration = "administration-admin";

    public const string ModeratorRole = "moderator";
    public const string SupportRole = "support";
    public const string AdminRole = "admin";
}
