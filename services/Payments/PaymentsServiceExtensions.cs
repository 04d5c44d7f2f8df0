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
        builder.AddSkillSwapService(ServiceName, EventBusConnectionName)
            .AddSubscription<UserRegistered, UserRegisteredHandler>()
            .AddSubscription<SessionRequested, SessionRequestedHandler>()
            .AddSubscription<BookingCancelled, BookingCancelledHandler>()
            .AddSubscription<BookingCompleted, BookingCompletedHandler>()
            .AddSubscription<BookingDisputed, BookingDisputedHandler>()
            .AddSubscription<BookingDisputeResolved, BookingDisputeResolvedHandler>()
            .AddSubscription<UserErasureRequested, UserErasureRequestedHandler>();
        services.AddEntityFrameworkEventBusStores<PaymentsDbContext>();

        services.AddAuthorizationBuilder()
            .AddPolicy(LedgerAuditApi.AuditorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole("moderator", "admin"));

        builder.AddValidatedOptions<PaymentsOptions>(PaymentsOptions.SectionName)
            .Validate(payments => !builder.Environment.IsProduction() || payments.GrantClaimKey is not null,
                "Payments:GrantClaimKey is required in Production (the payments-grant-claim-key secret): a base64 key of at least 32 bytes.")
            .Validate(payments => payments.GrantClaimKey is null || IsLongEnoughKey(payments.GrantClaimKey),
                "Payments:GrantClaimKey must be base64 of at least 32 bytes.");

        services.AddScoped<LedgerWriter>();
        services.AddScoped<LedgerAudit>();
        services.AddScoped<EscrowBook>();
        services.AddScoped<GrantClaims>();
        services.AddHostedService<GrantClaimSweep>();
        return builder;
    }

    private static bool IsLongEnoughKey(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length >= 32;
    }
}
