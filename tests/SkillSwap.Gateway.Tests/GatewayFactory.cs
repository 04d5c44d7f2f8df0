using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SkillSwap.Gateway.Tests;

/// <summary>The real gateway pipeline in memory, with real Redis and a real downstream server.</summary>
public sealed class GatewayFactory(string redisConnectionString, string identityAddress, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:cache", redisConnectionString);
        builder.UseSetting("services:identity:http:0", identityAddress);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
