using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
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
using SkillSwap.Identity.Sanctions;
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
        // The deny list it writes (and the gateway and the services read): a sanctioned person's access tokens stop
        // working before they expire. Before the service defaults, which would add it only as a reader.
        builder.AddAccountDenyList();
        builder.AddSkillSwapService(ServiceName, EventBusConnectionName)
            .AddSubscription<UserDataErased, UserDataErasedHandler>()
            .AddSubscription<AccountSanctioned, AccountSanctions>()
            .AddSubscription<AccountSanctionLifted, AccountSanctions>();
        services.AddEntityFrameworkEventBusStores<IdentityDbContext>();

        // The key ring lives beside the data it protects, so every replica can decrypt the signing keys; a certificate
        // kept out of the database encrypts it.
        services.AddDataProtection()
            .SetApplicationName("skillswap-identity")
            .PersistKeysToDbContext<IdentityDbContext>()
            .ProtectKeyRing(builder.Configuration, builder.Environment);

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<LocalSigningKeysConfiguration>((jwtBearer, localKeys) => jwtBearer.ConfigurationManager = localKeys);
        services.AddAuthorizationBuilder()
            .AddPolicy(IdentityPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin))
            .AddPolicy(IdentityPolicies.Support, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Support, Roles.Admin));

        services.AddIdentityRateLimits();

        builder.AddValidatedOptions<PasswordOptions>(PasswordOptions.SectionName);
        builder.AddValidatedOptions<LegalDocumentsOptions>(LegalDocumentsOptions.SectionName);
        builder.AddValidatedOptions<OneTimeTokenOptions>(OneTimeTokenOptions.SectionName);
        builder.AddValidatedOptions<LoginOptions>(LoginOptions.SectionName);
        builder.AddValidatedOptions<TokenOptions>(TokenOptions.SectionName);
        builder.AddValidatedOptions<SigningKeyOptions>(SigningKeyOptions.SectionName);
        builder.AddValidatedOptions<ErasureOptions>(ErasureOptions.SectionName);
        builder.AddValidatedOptions<RoleOptions>(RoleOptions.SectionName);

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
}
