using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SkillSwap.EventBus;

/// <summary>
/// What every service behind the gateway sets up the same way, so each <c>Add&lt;Service&gt;Services()</c> starts with
/// one call and keeps only what is its own (its store, subscriptions, options, token checks). It lives in the event
/// bus building block because that is the lowest one that sees both the bus and the service defaults.
/// </summary>
public static class SkillSwapServiceExtensions
{
    /// <summary>
    /// Access tokens validated against Identity (and refused for a sanctioned account), the OpenAPI document, malformed requests answered with the same 400
    /// problem in Development as elsewhere (instead of the developer page), the system clock unless a test gave
    /// another, and the event bus: returned to add the service's subscriptions.
    /// </summary>
    /// <param name="serviceName">
    /// Names the service's queues. <c>EventBus:ServiceName</c> overrides it so several deployments (test runs, staging
    /// beside production) can share one broker; what the service says in events (its part of an erasure) keeps using
    /// its own name.
    /// </param>
    public static EventBusBuilder AddSkillSwapService(this IHostApplicationBuilder builder, string serviceName, string eventBusConnectionName)
    {
        builder.AddJwtBearerValidation();
        builder.AddDeniedAccountsCheck();
        builder.AddOpenApiDefaults();
        builder.Services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = false);
        builder.Services.TryAddSingleton(TimeProvider.System);
        var busServiceName = builder.Configuration[$"{EventBusOptions.SectionName}:ServiceName"] ?? serviceName;
        return builder.AddRabbitMqEventBus(eventBusConnectionName, busServiceName);
    }

    /// <summary>Options bound from <paramref name="sectionName"/>, checked by their data annotations when the service starts.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IHostApplicationBuilder builder, string sectionName) where TOptions : class =>
        builder.Services.AddOptions<TOptions>()
            .Bind(builder.Configuration.GetSection(sectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
