using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using SkillSwap.Testing;
using Microsoft.Extensions.Hosting;

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
        app.UseWebSockets();
        app.Map("/{**path}", async (HttpContext context) =>
        {
            service.ReceivedPaths.Enqueue(context.Request.Path);
            if (context.WebSockets.IsWebSocketRequest)
            {
                await EchoOnceAsync(await context.WebSockets.AcceptWebSocketAsync());
                return Results.Empty;
            }
            return Results.Ok(new { path = context.Request.Path.Value, method = context.Request.Method });
        });
        await app.StartAsync();
        return service;
    }

    /// <summary>Answers one text frame with the same text, the way a realtime hub answers a handshake.</summary>
    private static async Task EchoOnceAsync(System.Net.WebSockets.WebSocket socket)
    {
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        await socket.SendAsync(buffer.AsMemory(0, received.Count), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
