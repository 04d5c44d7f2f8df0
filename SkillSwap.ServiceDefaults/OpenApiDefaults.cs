using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// OpenAPI documents for every service, except in Production, where a map of every endpoint helps nobody but an
/// attacker (the README and the app's copies under clients/mobile/openapi document the API); the Scalar UI only in
/// development.
/// </summary>
public static class OpenApiDefaults
{
    public static TBuilder AddOpenApiDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapOpenApiDefaults(this WebApplication app)
    {
        if (!app.Environment.IsProduction())
        {
            app.MapOpenApi();
        }
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }
        return app;
    }
}
