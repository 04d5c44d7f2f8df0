using Microsoft.Extensions.DependencyInjection.Extensions;
using SkillSwap.Gateway.RateLimiting;
using SkillSwap.Gateway.Routing;
using SkillSwap.Gateway.Security;

namespace SkillSwap.Gateway;

public static class GatewayExtensions
{
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        // The gateway does not authenticate requests (each service does); it only needs Identity's keys to tell
        // which user a request counts against. Registering JwtBearer here would verify every signature twice.
        builder.AddIdentityTokenRules();
        // Redis holds the rate limits' counters and the deny list.
        builder.AddAccountDenyList();

        builder.Services.AddOptions<GatewayLimitsOptions>()
            .Bind(builder.Configuration.GetSection(GatewayLimitsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();


        builder.AddGatewayCors();
        builder.AddTrustedProxies();
        builder.Services.AddSingleton<RedisRateLimiter>();
        builder.Services.AddSingleton<CallerIdentifier>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseProblemDetailsDefaults();
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
        app.UseGatewayRequestBodyLimit();
        app.UseCors(GatewayCors.PolicyName);
        app.UseWebSockets();
        app.UseMiddleware<RateLimitingMiddleware>();
        app.UseMiddleware<DeniedAccounts>();

        app.MapDefaultEndpoints();
        if (app.Environment.IsDevelopment())
        {
            app.MapServiceApiDocuments();
        }
        app.MapReverseProxy();
        return app;
    }
}
