using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;

namespace SkillSwap.Testing;

/// <summary>A real Kestrel server on a free loopback port, quiet, for the stand-ins tests point services at.</summary>
public static class LoopbackServer
{
    /// <summary>The app to map endpoints on, and its base address (no trailing slash).</summary>
    public static (WebApplication App, string BaseAddress) Create()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        return (builder.Build(), $"http://127.0.0.1:{port}");
    }
}
