using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace SkillSwap.Notifications.Delivery;

/// <summary>One push to one device, as Expo's push API takes it.</summary>
public sealed record ExpoPushMessage(
    string To,
    string Title,
    string Body,
    IReadOnlyDictionary<string, string> Data,
    string Sound = "default",
    string ChannelId = "default");

/// <summary>Expo's answer for one message, in the order sent: "ok", or "error" with <c>details.error</c>.</summary>
public sealed record ExpoPushTicket(string Status, string? Id, string? Message, ExpoPushTicketDetails? Details)
{
    /// <summary>The app was uninstalled or the token expired: the device must be forgotten.</summary>
    public bool DeviceGone => Details?.Error == "DeviceNotRegistered";
}

public sealed record ExpoPushTicketDetails(string? Error);

/// <summary>Posts pushes to Expo's push API (<see cref="NotificationsOptions.ExpoPushUrl"/>), at most 100 per request as Expo asks.</summary>
public sealed class ExpoPushSender(HttpClient http, IOptions<NotificationsOptions> options)
{
    public const int MaxPerRequest = 100;

    /// <summary>One request: its tickets, in order, or an exception (nothing known to be delivered).</summary>
    public async Task<IReadOnlyList<ExpoPushTicket>> SendAsync(IReadOnlyList<ExpoPushMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messages.Count, MaxPerRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.ExpoPushUrl) { Content = JsonContent.Create(messages) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (options.Value.ExpoAccessToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<ExpoPushResponse>(cancellationToken);
        if (answer?.Data is not { } data || data.Count != messages.Count)
        {
            throw new InvalidOperationException($"Expo answered {answer?.Data?.Count ?? 0} tickets for {messages.Count} pushes.");
        }
        return data;
    }

    private sealed record ExpoPushResponse(List<ExpoPushTicket>? Data);
}
