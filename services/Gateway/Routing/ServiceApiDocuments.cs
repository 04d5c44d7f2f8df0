using Scalar.AspNetCore;

namespace SkillSwap.Gateway.Routing;

public static class ServiceApiDocuments
{
    /// <summary>
    /// In development the gateway shows every service's OpenAPI document in one Scalar page; the documents
    /// themselves are proxied from /openapi/{service}.json (see the openapi-* routes in appsettings).
    /// </summary>
    public static WebApplication MapServiceApiDocuments(this WebApplication app)
    {
        var services = app.Configuration.GetSection("Gateway:ApiDocuments").Get<string[]>() ?? [];
        app.MapScalarApiReference(options =>
        {
            options.WithTitle("SkillSwap API");
            foreach (var service in services)
            {
                options.AddDocument(service, service, $"/openapi/{service}.json");
            }
        });
        return app;
    }
}
