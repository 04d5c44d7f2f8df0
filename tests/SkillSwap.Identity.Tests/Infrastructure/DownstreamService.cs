using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SkillSwap.Identity.Tests.Infrastructure;

/// <summary>
/// A second ASP.NET Core application validating Identity's tokens exactly as every other SkillSwap service does
/// (ServiceDefaults' AddJwtBearerValidation): discovery document, then JWKS, fetched over HTTP from Identity.
/// </summary>
public sealed class DownstreamService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DownstreamService(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public static async Task<DownstreamService> StartAsync(IdentityApp identity)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration["Jwt:Authority"] = "http://identity";
        builder.AddJwtBearerValidation();
        // Service discovery would resolve "identity"; here the backchannel goes straight to the in-memory server.
        builder.Services.AddHttpClient(IdentityTokenRules.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => identity.Server.CreateHandler());

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/whoami", (ClaimsPrincipal user) => new WhoAmI(user.Identity!.Name!, [.. user.FindAll("role").Select(c => c.Value)]))
            .RequireAuthorization();
        await app.StartAsync();
        return new DownstreamService(app);
    }

    public Task<HttpResponseMessage> WhoAmIAsync(string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record WhoAmI(string Sub, string[] Roles);
