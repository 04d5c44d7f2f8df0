using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Devices;

/// <summary>What the app sends after sign-in (its Expo push token and platform) and on sign-out (the token).</summary>
public sealed record DeviceRegistration(string? Token, string? Platform);

public sealed record DeviceView(string Token, string Platform, DateTimeOffset RegisteredAt);

/// <summary>
/// The phones one's pushes go to. Registering a token another account held moves it (the phone changed hands, and a
/// person must not receive someone else's pushes); removing one is only possible for its own holder.
/// </summary>
public static partial class DevicesApi
{
    public const int MaxDevices = 10;
    private static readonly string[] Platforms = ["ios", "android"];

    public static RouteGroupBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/notifications/devices").RequireAuthorization().WithTags("Devices");
        api.AnswersRuleViolations("notifications");
        api.MapPut("/", RegisterAsync).WithSummary("Register this phone's Expo push token (again after each sign-in)");
        api.MapGet("/", async (ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken) =>
        {
            var me = user.RequireUserId();
            var devices = await db.Query<DeviceDocument>().Where(device => device.UserId == me).ToListAsync(cancellationToken);
            return TypedResults.Ok(devices.Select(View).ToList());
        }).WithSummary("Your registered phones");
        // A POST with the token in the body, not a DELETE with it in the URL, where access logs and traces would keep it.
        api.MapPost("/unregister", UnregisterAsync).WithSummary("Stop pushes to a phone (on sign-out)");
        return api;
    }

    private static async Task<Ok<DeviceView>> RegisterAsync(DeviceRegistration registration, ClaimsPrincipal user, IDocumentSession db, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var token = ValidToken(registration.Token);
        var platform = registration.Platform?.ToLowerInvariant();
        if (platform is null || !Platforms.Contains(platform))
        {
            throw RuleViolationException.Invalid("platform must be ios or android.");
        }
        var device = await db.EditAsync(token, id => new DeviceDocument { Id = id }, cancellationToken);
        if (device.UserId != me)
        {
            // The oldest phones beyond the limit stop receiving: a person has a few, not hundreds.
            var mine = await db.Query<DeviceDocument>().Where(other => other.UserId == me).OrderByDescending(other => other.RegisteredAt).ToListAsync(cancellationToken);
            foreach (var old in mine.Skip(MaxDevices - 1))
            {
                db.Delete<DeviceDocument>(old.Id);
            }
        }
        device.UserId = me;
        device.Platform = platform;
        device.RegisteredAt = time.GetUtcNow();
        device.SignInId = user.SignInId();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DocumentConcurrencyException or DuplicateDocumentException)
        {
            throw RuleViolationException.Conflict("concurrent-change", "This phone was registered at the same moment; try again.");
        }
        return TypedResults.Ok(View(device));
    }

    private static async Task<NoContent> UnregisterAsync(DeviceRegistration registration, ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var device = await db.LoadAsync<DeviceDocument>(ValidToken(registration.Token), cancellationToken);
        if (device is null || device.UserId != me)
        {
            throw RuleViolationException.NotFound("device-not-found", "No such phone is registered to you.");
        }
        db.Delete<DeviceDocument>(device.Id);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static string ValidToken(string? token) =>
        token is not null && ExpoPushToken().IsMatch(token)
            ? token
            : throw RuleViolationException.Invalid("token must be an Expo push token, e.g. ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx].");

    private static DeviceView View(DeviceDocument device) => new(device.Id, device.Platform, device.RegisteredAt);

    [GeneratedRegex(@"^Expo(nent)?PushToken\[[A-Za-z0-9_-]{10,200}\]$")]
    private static partial Regex ExpoPushToken();
}
