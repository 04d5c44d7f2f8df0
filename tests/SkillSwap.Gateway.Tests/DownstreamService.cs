using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using SkillSwap.Testing;

namespace SkillSwap.Gateway.Tests;

/// <summary>
/// A real HTTP server standing where Identity would be, recording what the gateway forwarded to it, so
/// gateway tests can tell what was proxied and what was stopped at the edge.
/// </summary>
public sealed class DownstreamService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DownstreamService(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; }
    public ConcurrentQueue<string> ReceivedPaths { get; } = new();

    public static async Task<DownstreamService> StartAsync()
    {
        var address = $"http://127.0.0.1:{FreePorts.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address);
        var app = builder.Build();
        var service = new DownstreamService(app, address);
        app.Map("/{**path}", (HttpContext context) =>
        {
            service.ReceivedPaths.Enqueue(context.Request.Path);
            return TypedResults.Ok(new { path = context.Request.Path.Value, method = context.Request.Method });
        });
        await app.StartAsync();
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
