using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>Where access tokens come from and whom they are for; bound from the "Jwt" configuration section.</summary>
public sealed class JwtValidationOptions
{
    public const string SectionName = "Jwt";

    /// <summary>The iss claim Identity writes; every service checks it.</summary>
    [Required]
    public string Issuer { get; set; } = "skillswap-identity";

    [Required]
    public string Audience { get; set; } = "skillswap";

    /// <summary>
    /// Identity's base address. Resolved through service discovery ("http://identity"), so no service needs
    /// Identity's real address; the signing keys are read from its JWKS document and refreshed on rotation.
    /// </summary>
    [Required]
    public string Authority { get; set; } = "http://identity";
}

/// <summary>
/// Identity's signing keys and the rules every access token must pass, in one place: the services' JwtBearer
/// handlers and the gateway's caller identification both use them.
/// </summary>
public sealed class IdentityTokenRules(IOptions<JwtValidationOptions> jwt, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "identity-keys";

    /// <summary>Identity's discovery document and JWKS, refreshed on the library's schedule and when a kid is unknown.</summary>
    public IConfigurationManager<OpenIdConnectConfiguration> Keys { get; } = new ConfigurationManager<OpenIdConnectConfiguration>(
        $"{jwt.Value.Authority.TrimEnd('/')}/.well-known/openid-configuration",
        new OpenIdConnectConfigurationRetriever(),
        // Inside the cluster Identity is reached over plain HTTP through service discovery; TLS ends at the edge.
        new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName)) { RequireHttps = false });

    public TokenValidationParameters Parameters { get; } = new()
    {
        ValidIssuer = jwt.Value.Issuer,
        ValidAudience = jwt.Value.Audience,
        ValidateIssuerSigningKey = true,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        NameClaimType = "sub",
        RoleClaimType = "role",
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}

/// <summary>
/// A rule an access token must also pass in one service, beyond its signature and lifetime: a sign-in that ended, an
/// account that was erased. Answers why the token is refused, or null. Scoped: it may read the service's store.
/// </summary>
public interface IAccessTokenCheck
{
    Task<string?> RefusalAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken);
}

/// <summary>
/// Defence in depth: every service validates access tokens itself against Identity's published keys,
/// not only the gateway, then runs its own <see cref="IAccessTokenCheck"/>s.
/// </summary>
public static class AuthenticationDefaults
{
    /// <summary>Registers <see cref="IdentityTokenRules"/> (validated "Jwt" options, Identity's keys) without authenticating requests.</summary>
    public static TBuilder AddIdentityTokenRules<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<JwtValidationOptions>()
            .Bind(builder.Configuration.GetSection(JwtValidationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHttpClient(IdentityTokenRules.HttpClientName);
        builder.Services.TryAddSingleton<IdentityTokenRules>();
        return builder;
    }

    public static TBuilder AddJwtBearerValidation<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddIdentityTokenRules();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearerFromIdentity>();
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>Adds a check every access token must pass in this service (after the signature and lifetime).</summary>
    public static IHostApplicationBuilder AddAccessTokenCheck<TCheck>(this IHostApplicationBuilder builder)
        where TCheck : class, IAccessTokenCheck
    {
        builder.Services.AddScoped<IAccessTokenCheck, TCheck>();
        return builder;
    }

    private sealed class ConfigureJwtBearerFromIdentity(IdentityTokenRules rules) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            options.ConfigurationManager = rules.Keys;
            options.MapInboundClaims = false;
            options.RefreshOnIssuerKeyNotFound = true;
            options.TokenValidationParameters = rules.Parameters.Clone();
            options.Events ??= new JwtBearerEvents();
            options.Events.OnTokenValidated = RunChecksAsync;
        }

        private static async Task RunChecksAsync(TokenValidatedContext context)
        {
            if (context.Principal is not { } user)
            {
                return;
            }
            foreach (var check in context.HttpContext.RequestServices.GetServices<IAccessTokenCheck>())
            {
                if (await check.RefusalAsync(user, context.HttpContext.RequestAborted) is { } refusal)
                {
                    context.Fail(refusal);
                    return;
                }
            }
        }

        public void Configure(JwtBearerOptions options) => Configure(Microsoft.Extensions.Options.Options.DefaultName, options);
    }
}

public static class UserClaims
{
    /// <summary>The SkillSwap user id in the access token's sub claim; null when the token names no SkillSwap user.</summary>
    public static Guid? UserId(this System.Security.Claims.ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst("sub")?.Value, out var id) ? id : null;

    /// <summary>The sign-in the access token belongs to (its <c>sid</c> claim); null for tokens that name none.</summary>
    public static Guid? SignInId(this System.Security.Claims.ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst("sid")?.Value, out var id) ? id : null;
}
