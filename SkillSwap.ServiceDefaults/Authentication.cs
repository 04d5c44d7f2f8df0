using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
/// Defence in depth: every service validates access tokens itself against Identity's published keys,
/// not only the gateway.
/// </summary>
public static class AuthenticationDefaults
{
    public static TBuilder AddJwtBearerValidation<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<JwtValidationOptions>()
            .Bind(builder.Configuration.GetSection(JwtValidationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddHttpClient(JwtBearerDefaults.AuthenticationScheme);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearerFromIdentity>();
        builder.Services.AddAuthorization();
        return builder;
    }

    private sealed class ConfigureJwtBearerFromIdentity(IOptions<JwtValidationOptions> jwt, IHttpClientFactory httpClients)
        : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            var settings = jwt.Value;
            options.MetadataAddress = $"{settings.Authority.TrimEnd('/')}/.well-known/openid-configuration";
            // Inside the cluster Identity is reached over plain HTTP through service discovery; TLS ends at the edge.
            options.RequireHttpsMetadata = false;
            options.Backchannel = httpClients.CreateClient(JwtBearerDefaults.AuthenticationScheme);
            options.MapInboundClaims = false;
            options.RefreshOnIssuerKeyNotFound = true;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                ValidateIssuerSigningKey = true,
                ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
                NameClaimType = "sub",
                RoleClaimType = "role",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        }

        public void Configure(JwtBearerOptions options) => Configure(Microsoft.Extensions.Options.Options.DefaultName, options);
    }
}
