namespace SkillSwap.Gateway.Security;

public static class GatewayCors
{
    public const string PolicyName = "configured-origins";

    /// <summary>
    /// Only origins listed in Gateway:Cors:AllowedOrigins may call from a browser (the web build of the app,
    /// the admin console). Native mobile clients send no Origin and are unaffected.
    /// </summary>
    public static WebApplicationBuilder AddGatewayCors(this WebApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection("Gateway:Cors:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddPolicy(PolicyName, policy => policy
            .WithOrigins(origins)
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .WithHeaders("Authorization", "Content-Type", "Idempotency-Key", "X-Requested-With", "X-SignalR-User-Agent")
            .WithExposedHeaders("Retry-After", "Location")
            .AllowCredentials()
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return builder;
    }
}
