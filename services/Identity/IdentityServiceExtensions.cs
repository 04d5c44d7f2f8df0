using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkillSwap.EventBus;
using SkillSwap.EventBus.EntityFrameworkCore;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Consents;
using SkillSwap.Identity.Erasure;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.Keys;
using SkillSwap.Identity.Login;
using SkillSwap.Identity.MailedLinks;
using SkillSwap.Identity.OneTimeTokens;
using SkillSwap.Identity.Passwords;
using SkillSwap.Identity.Tokens;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity;

public static class IdentityServiceExtensions
{
    public const string DatabaseConnectionName = "identitydb";
    public const string EventBusConnectionName = "eventbus";
    public const string ServiceName = "identity";

    public static WebApplicationBuilder AddIdentityServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        builder.AddNpgsqlDbContext<IdentityDbContext>(DatabaseConnectionName);
        // Overridable so several Identity deployments (test runs, staging beside production) can share one broker.
        var busServiceName = builder.Configuration[$"{EventBusOptions.SectionName}:ServiceName"] ?? ServiceName;
        builder.AddRabbitMqEventBus(EventBusConnectionName, busServiceName)
            .AddSubscription<UserDataErased, UserDataErasedHandler>();
        services.AddEntityFrameworkEventBusStores<IdentityDbContext>();

        // The key ring lives beside the data it protects, so every replica can decrypt the signing keys; a certificate
        // kept out of the database encrypts it.
        services.AddDataProtection()
            .SetApplicationName("skillswap-identity")
            .PersistKeysToDbContext<IdentityDbContext>()
            .ProtectKeyRing(builder.Configuration, builder.Environment);

        builder.AddJwtBearerValidation();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<LocalSigningKeysConfiguration>((jwtBearer, localKeys) => jwtBearer.ConfigurationManager = localKeys);
        services.AddAuthorizationBuilder()
            .AddPolicy(IdentityPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        builder.AddOpenApiDefaults();
        // Malformed requests get the same 400 problem in Development as elsewhere, instead of the developer page.
        services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = false);
        services.AddIdentityRateLimits();

        AddValidatedOptions<PasswordOptions>(builder, PasswordOptions.SectionName);
        AddValidatedOptions<LegalDocumentsOptions>(builder, LegalDocumentsOptions.SectionName);
        AddValidatedOptions<OneTimeTokenOptions>(builder, OneTimeTokenOptions.SectionName);
        AddValidatedOptions<LoginOptions>(builder, LoginOptions.SectionName);
        AddValidatedOptions<TokenOptions>(builder, TokenOptions.SectionName);
        AddValidatedOptions<SigningKeyOptions>(builder, SigningKeyOptions.SectionName);
        AddValidatedOptions<ErasureOptions>(builder, ErasureOptions.SectionName);
        AddValidatedOptions<RoleOptions>(builder, RoleOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<LocalSigningKeysConfiguration>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddScoped<RefreshTokenService>();
        services.AddScoped<OneTimeTokenService>();
        services.AddScoped<LoginThrottling>();
        services.AddScoped<ErasureCoordinator>();
        services.AddHostedService<SigningKeyRotationWorker>();
        services.AddHostedService<ErasureDeadlineWorker>();
        services.AddSingleton<LinkMailer>();
        services.AddHostedService(provider => provider.GetRequiredService<LinkMailer>());
        return builder;
    }

    private static void AddValidatedOptions<TOptions>(WebApplicationBuilder builder, string sectionName) where TOptions : class =>
        builder.Services.AddOptions<TOptions>()
            .Bind(builder.Configuration.GetSection(sectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
