using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace SkillSwap.Testing;

/// <summary>One push as the service posted it to Expo's push API.</summary>
public sealed record RecordedPush(string To, string Title, string Body, IReadOnlyDictionary<string, string> Data, DateTimeOffset ReceivedAt);

/// <summary>
/// Stands in for Expo's push API: a real Kestrel server on a loopback port that records every push request and answers
/// as Expo does, one ticket per message in order: "ok", <c>DeviceNotRegistered</c> for tokens marked uninstalled, or
/// <c>MessageRateExceeded</c> once for a token told to fail; and answers receipts for the tickets it gave.
/// </summary>
public sealed class RecordingPushEndpoint : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly ConcurrentQueue<RecordedPush> _received = new();
    private readonly ConcurrentDictionary<string, bool> _uninstalled = new();
    private readonly ConcurrentDictionary<string, Action> _failNext = new();
    private readonly ConcurrentDictionary<string, bool> _uninstalledUnnoticed = new();

    /// <summary>Each "ok" ticket given, and whether the phone was already gone when it was pushed to.</summary>
    private readonly ConcurrentDictionary<string, bool> _ticketsToGonePhones = new();

    private RecordingPushEndpoint(WebApplication server, string baseAddress)
    {
        _server = server;
        Url = $"{baseAddress}/--/api/v2/push/send";
        ReceiptsUrl = $"{baseAddress}/--/api/v2/push/getReceipts";
    }

    /// <summary>What to set as the Expo push URL.</summary>
    public string Url { get; }

    /// <summary>What to set as the Expo receipts URL.</summary>
    public string ReceiptsUrl { get; }

    /// <summary>While false, receipts are not ready: Expo leaves their ids out of its answer.</summary>
    public bool ReceiptsReady { get; set; } = true;

    public IReadOnlyList<RecordedPush> Received => [.. _received];

    public IReadOnlyList<RecordedPush> ReceivedBy(string token) => [.. _received.Where(push => push.To == token)];

    /// <summary>From now on Expo answers DeviceNotRegistered for <paramref name="token"/> (the app was uninstalled).</summary>
    public void Uninstall(string token) => _uninstalled[token] = true;

    /// <summary>
    /// From now on pushes to <paramref name="token"/> get an "ok" ticket, and their receipt says DeviceNotRegistered
    /// (how Expo reports most uninstalled apps: Apple or Google tell it after it accepted the push). Decided when the
    /// push is sent, as Apple or Google would.
    /// </summary>
    public void UninstallUnnoticed(string token) => _uninstalledUnnoticed[token] = true;

    /// <summary>
    /// The next push to <paramref name="token"/> gets an error ticket Expo may clear later (<c>MessageRateExceeded</c>);
    /// <paramref name="whileAnswering"/> runs before the answer goes (a test moving its clock meanwhile).
    /// </summary>
    public void FailNext(string token, Action? whileAnswering = null) => _failNext[token] = whileAnswering ?? (() => { });

    public static async Task<RecordingPushEndpoint> StartAsync()
    {
        var (server, baseAddress) = LoopbackServer.Create();
        var endpoint = new RecordingPushEndpoint(server, baseAddress);
        server.MapPost("/--/api/v2/push/send", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var tickets = new List<object>();
            foreach (var message in body.RootElement.EnumerateArray())
            {
                var to = message.GetProperty("to").GetString()!;
                var data = message.TryGetProperty("data", out var values)
                    ? values.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetString() ?? "")
                    : [];
                endpoint._received.Enqueue(new RecordedPush(to, message.GetProperty("title").GetString()!, message.GetProperty("body").GetString()!, data, DateTimeOffset.UtcNow));
                if (endpoint._failNext.TryRemove(to, out var whileAnswering))
                {
                    whileAnswering();
                    tickets.Add(new { status = "error", message = "Too many messages to this device", details = new { error = "MessageRateExceeded" } });
                    continue;
                }
                if (endpoint._uninstalled.ContainsKey(to))
                {
                    tickets.Add(new { status = "error", message = $"\"{to}\" is not a registered push notification recipient", details = new { error = "DeviceNotRegistered" } });
                    continue;
                }
                var ticketId = Guid.NewGuid().ToString();
                endpoint._ticketsToGonePhones[ticketId] = endpoint._uninstalledUnnoticed.ContainsKey(to);
                tickets.Add(new { status = "ok", id = ticketId });
            }
            return Results.Json(new { data = tickets });
        });
        server.MapPost("/--/api/v2/push/getReceipts", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var receipts = new Dictionary<string, object>();
            foreach (var id in body.RootElement.GetProperty("ids").EnumerateArray().Select(id => id.GetString()!))
            {
                if (endpoint.ReceiptsReady && endpoint._ticketsToGonePhones.TryGetValue(id, out var gone))
                {
                    receipts[id] = gone
                        ? new { status = "error", message = "The device is not registered with Apple or Google", details = new { error = "DeviceNotRegistered" } }
                        : new { status = "ok" };
                }
            }
            return Results.Json(new { data = receipts });
        });
        await server.StartAsync();
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
