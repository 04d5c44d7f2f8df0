using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.DocumentStore;

namespace SkillSwap.Notifications.Preferences;

/// <summary>category → channel → on/off, e.g. <c>{"reviews": {"email": false}}</c>; what a PUT leaves out stays as it was.</summary>
public sealed record PreferencesView(IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>> Categories, QuietHoursView? QuietHours);

/// <summary>Local times "HH:mm" on the person's profile clock; <c>from</c> after <c>to</c> spans midnight.</summary>
public sealed record QuietHoursView(string? From, string? To);

public sealed record PreferencesUpdate(Dictionary<string, Dictionary<string, bool>?>? Categories);

public static class PreferencesApi
{
    public static RouteGroupBuilder MapPreferencesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/notifications/preferences").RequireAuthorization().WithTags("Preferences");
        api.AnswersRuleViolations("notifications");
        api.MapGet("/", async (ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken) =>
            TypedResults.Ok(View(await db.LoadAsync<PreferencesDocument>(PreferencesDocument.IdFor(user.RequireUserId()), cancellationToken))))
            .WithSummary("Your switches per category and channel");
        api.MapPut("/", UpdateAsync).WithSummary("Turn channels of categories on or off");
        api.MapPut("/quiet-hours", SetQuietHoursAsync).WithSummary("Hold pushes back during these hours of your day");
        api.MapDelete("/quiet-hours", (ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken) =>
            EditAsync(user.RequireUserId(), db, preferences => preferences.SetQuietHours(null), cancellationToken)).WithSummary("No quiet hours");
        return api;
    }

    private static async Task<Ok<PreferencesView>> UpdateAsync(
        PreferencesUpdate update, ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var changes = new List<(string Key, bool On)>();
        foreach (var (categoryName, channels) in update.Categories ?? throw RuleViolationException.Invalid("categories is required."))
        {
            if (!Enum.TryParse<NotificationCategory>(categoryName, ignoreCase: true, out var category) || int.TryParse(categoryName, out _))
            {
                throw RuleViolationException.Invalid($"Unknown category '{categoryName}'; known: {string.Join(", ", Enum.GetNames<NotificationCategory>().Select(n => n.ToLowerInvariant()))}.");
            }
            foreach (var (channelName, on) in channels ?? throw RuleViolationException.Invalid($"{categoryName} needs its channels, e.g. {{\"email\": false}}."))
            {
                if (!Enum.TryParse<NotificationChannel>(channelName, ignoreCase: true, out var channel) || int.TryParse(channelName, out _))
                {
                    throw RuleViolationException.Invalid($"Unknown channel '{channelName}'; known: inApp, push, email.");
                }
                changes.Add((PreferencesDocument.Key(category, channel), on));
            }
        }
        return await EditAsync(me, db, preferences =>
        {
            foreach (var (key, on) in changes)
            {
                preferences.Off.Remove(key);
                if (!on)
                {
                    preferences.Off.Add(key);
                }
            }
        }, cancellationToken);
    }

    private static Task<Ok<PreferencesView>> SetQuietHoursAsync(
        QuietHoursView window, ClaimsPrincipal user, IDocumentSession db, CancellationToken cancellationToken)
    {
        var me = user.RequireUserId();
        var from = ParseLocalTime(window.From, "from");
        var to = ParseLocalTime(window.To, "to");
        if (from == to)
        {
            throw RuleViolationException.Invalid("from and to must differ (quiet hours of no length, or all day, are not quiet hours).");
        }
        return EditAsync(me, db, preferences => preferences.SetQuietHours(new QuietHours(from, to)), cancellationToken);
    }

    private static TimeOnly ParseLocalTime(string? value, string name) =>
        TimeOnly.TryParseExact(value, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
            ? time
            : throw RuleViolationException.Invalid($"{name} must be a local time \"HH:mm\", e.g. \"22:00\".");

    private static async Task<Ok<PreferencesView>> EditAsync(Guid me, IDocumentSession db, Action<PreferencesDocument> edit, CancellationToken cancellationToken)
    {
        var preferences = await db.EditAsync(PreferencesDocument.IdFor(me), id => new PreferencesDocument { Id = id, UserId = me }, cancellationToken);
        edit(preferences);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DocumentConcurrencyException or DuplicateDocumentException)
        {
            throw new RuleViolationException(409, "concurrent-change", "Your preferences changed at the same moment; read them again.");
        }
        return TypedResults.Ok(View(preferences));
    }

    private static PreferencesView View(PreferencesDocument? preferences) => new(
        Enum.GetValues<NotificationCategory>().ToDictionary(
            category => category.ToString().ToLowerInvariant(),
            category => (IReadOnlyDictionary<string, bool>)Enum.GetValues<NotificationChannel>().ToDictionary(
                channel => JsonNamingPolicyName(channel),
                channel => preferences?.Allows(category, channel) != false)),
        preferences?.GetQuietHours() is { } quiet ? new QuietHoursView(quiet.From.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), quiet.To.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)) : null);

    private static string JsonNamingPolicyName(NotificationChannel channel) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(channel.ToString());
}
