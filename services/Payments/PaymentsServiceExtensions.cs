using Microsoft.Extensions.DependencyInjection.Extensions;
using SkillSwap.EventBus;
using SkillSwap.EventBus.EntityFrameworkCore;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Disputes;
using SkillSwap.Payments.Erasure;
using SkillSwap.Payments.Escrow;
using SkillSwap.Payments.Infrastructure;
using SkillSwap.Payments.Ledger;
using SkillSwap.Payments.Wallets;

namespace SkillSwap.Payments;

public static class PaymentsServiceExtensions
{
    public const string DatabaseConnectionName = "paymentsdb";
    public const string EventBusConnectionName = "eventbus";

    /// <summary>Names this service's queues and its answer to erasure requests (<see cref="UserDataErased.Service"/>).</summary>
    public const string ServiceName = "payments";

    public static WebApplicationBuilder AddPaymentsServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        builder.AddNpgsqlDbContext<PaymentsDbContext>(DatabaseConnectionName);
        // Overridable so several deployments (test runs, staging beside production) can share one broker; the
        // erasure answer keeps naming the "payments" part whatever the queue is called.
        var busServiceName = builder.Configuration[$"{EventBusOptions.SectionName}:ServiceName"] ?? ServiceName;
        builder.AddRabbitMqEventBus(EventBusConnectionName, busServiceName)
            .AddSubscription<UserRegistered, UserRegisteredHandler>()
            .AddSubscription<SessionRequested, SessionRequestedHandler>()
            .AddSubscription<BookingCancelled, BookingCancelledHandler>()
            .AddSubscription<BookingCompleted, BookingCompletedHandler>()
            .AddSubscription<BookingDisputed, BookingDisputedHandler>()
            .AddSubscription<BookingDisputeResolved, BookingDisputeResolvedHandler>()
            .AddSubscription<UserErasureRequested, UserErasureRequestedHandler>();
        services.AddEntityFrameworkEventBusStores<PaymentsDbContext>();

        builder.AddJwtBearerValidation();
        services.AddAuthorizationBuilder()
            .AddPolicy(LedgerAuditApi.AuditorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole("moderator", "admin"));
        builder.AddOpenApiDefaults();
        // Malformed requests get the same 400 problem in Development as elsewhere, instead of the developer page.
        services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = false);

        services.AddOptions<PaymentsOptions>()
            .Bind(builder.Configuration.GetSection(PaymentsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<LedgerWriter>();
        services.AddScoped<LedgerAudit>();
        services.AddScoped<EscrowBook>();
        return builder;
    }
}
