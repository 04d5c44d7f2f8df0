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

/// <summary>Expo's later word on a push it accepted: "ok" once Apple or Google took it, or "error" with <c>details.error</c>.</summary>
public sealed record ExpoPushReceipt(string Status, string? Message, ExpoPushTicketDetails? Details)
{
    public bool DeviceGone => Details?.Error == "DeviceNotRegistered";
}

/// <summary>
/// Posts pushes to Expo's push API (<see cref="NotificationsOptions.ExpoPushUrl"/>), at most 100 per request as Expo
/// asks, and fetches their receipts (<see cref="NotificationsOptions.ExpoReceiptsUrl"/>).
/// </summary>
public sealed class ExpoPushSender(HttpClient http, IOptions<NotificationsOptions> options)
{
    public const int MaxPerRequest = 100;
    /// <summary>Expo takes up to 1,000 ids; its own SDKs ask for 300 at a time.</summary>
    public const int MaxReceiptsPerRequest = 300;

    /// <summary>One request: its tickets, in order, or an exception (nothing known to be delivered).</summary>
    public async Task<IReadOnlyList<ExpoPushTicket>> SendAsync(IReadOnlyList<ExpoPushMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messages.Count, MaxPerRequest);
        using var response = await PostAsync(new Uri(options.Value.ExpoPushUrl), messages, cancellationToken);
        var answer = await response.Content.ReadFromJsonAsync<ExpoPushResponse>(cancellationToken);
        if (answer?.Data is not { } data || data.Count != messages.Count)
        {
            throw new InvalidOperationException($"Expo answered {answer?.Data?.Count ?? 0} tickets for {messages.Count} pushes.");
        }
        return data;
    }

    /// <summary>
    /// The receipts Expo has for <paramref name="ticketIds"/>, by ticket id; one not ready yet is absent. An answer
    /// carrying request errors, or no receipts object at all, is an exception, not "nothing ready".
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ExpoPushReceipt>> GetReceiptsAsync(IReadOnlyList<string> ticketIds, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ticketIds.Count, MaxReceiptsPerRequest);
        using var response = await PostAsync(new Uri(options.Value.ExpoReceiptsUrl), new { ids = ticketIds }, cancellationToken);
        var answer = await response.Content.ReadFromJsonAsync<ExpoReceiptsResponse>(cancellationToken);
        if (answer?.Errors is { Count: > 0 } errors)
        {
            throw new InvalidOperationException($"Expo refused the receipts request: {string.Join("; ", errors.Select(error => $"{error.Code}: {error.Message}"))}");
        }
        return answer?.Data ?? throw new InvalidOperationException("Expo's receipts answer has no data.");
    }

    private async Task<HttpResponseMessage> PostAsync<T>(Uri url, T body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (options.Value.ExpoAccessToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        var response = await http.SendAsync(request, cancellationToken);
        try
        {
            response.EnsureSuccessStatusCode();
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private sealed record ExpoPushResponse(List<ExpoPushTicket>? Data);

    private sealed record ExpoReceiptsResponse(Dictionary<string, ExpoPushReceipt>? Data, List<ExpoRequestError>? Errors);

    private sealed record ExpoRequestError(string? Code, string? Message);
}
