using System.Globalization;
using SkillSwap.Notifications.Preferences;

namespace SkillSwap.Notifications.Composing;

/// <summary>
/// What each kind of notification says, in French and English (the recipient's language from sign-up). Plain text:
/// names and skills are inserted as given and never interpreted as markup.
/// </summary>
public static class NotificationTemplates
{
    public const string SessionRequested = "session.requested";
    public const string SessionAccepted = "session.accepted";
    public const string SessionDeclined = "session.declined";
    public const string SessionCancelled = "session.cancelled";
    public const string SessionReminder = "session.reminder";
    public const string ReviewReceived = "review.received";
    public const string MessagesWhileAway = "messages.digest";
    public const string NewMatch = "match.new";
    public const string SurveyPrompt = "survey.nps";

    private static readonly Dictionary<string, (NotificationCategory Category, Text En, Text Fr)> Templates = new()
    {
        [SessionRequested] = (NotificationCategory.Sessions,
            new("New session request", "{other} would like a {skill} session with you."),
            new("Nouvelle demande de séance", "{other} souhaite une séance de {skill} avec vous.")),
        [SessionAccepted] = (NotificationCategory.Sessions,
            new("Session confirmed", "{other} accepted your {skill} session on {start}."),
            new("Séance confirmée", "{other} a accepté votre séance de {skill} le {start}.")),
        [SessionDeclined] = (NotificationCategory.Sessions,
            new("Session declined", "{other} cannot give your {skill} session; your credits are back."),
            new("Séance refusée", "{other} ne peut pas assurer votre séance de {skill} ; vos crédits vous sont rendus.")),
        [SessionCancelled] = (NotificationCategory.Sessions,
            new("Session cancelled", "{other} cancelled the {skill} session."),
            new("Séance annulée", "{other} a annulé la séance de {skill}.")),
        [SessionReminder] = (NotificationCategory.Sessions,
            new("Session soon", "Your {skill} session starts on {start}."),
            new("Séance bientôt", "Votre séance de {skill} commence le {start}.")),
        [ReviewReceived] = (NotificationCategory.Reviews,
            new("You received a review", "{other} reviewed your {skill} session."),
            new("Vous avez reçu un avis", "{other} a donné son avis sur votre séance de {skill}.")),
        [NewMatch] = (NotificationCategory.Matches,
            new("New match", "{other} can teach you {skill} and would like to learn what you offer."),
            new("Nouveau match", "{other} peut vous apprendre {skill} et aimerait apprendre ce que vous proposez.")),
        [SurveyPrompt] = (NotificationCategory.Surveys,
            new("How likely are you to recommend SkillSwap?", "Your {skill} session is over. One question, ten seconds: would you recommend SkillSwap to a friend?"),
            new("Recommanderiez-vous SkillSwap ?", "Votre séance de {skill} est terminée. Une question, dix secondes : recommanderiez-vous SkillSwap à un proche ?")),
    };

    public static NotificationCategory CategoryOf(string type) => Templates[type].Category;

    /// <summary>
    /// The title and body in <paramref name="locale"/>; <c>{start}</c> is written on the recipient's clock
    /// (<paramref name="zone"/>) in their language's format.
    /// </summary>
    public static (string Title, string Body) Render(string type, string locale, TimeZoneInfo zone, string? other, string skill, DateTimeOffset? start)
    {
        var (_, en, fr) = Templates[type];
        var french = locale == "fr";
        var text = french ? fr : en;
        var local = start is { } instant ? LocalTime(instant, locale, zone) : "";
        var someone = string.IsNullOrWhiteSpace(other) ? (french ? "Un membre" : "A member") : other;
        return (text.Title, text.Body.Replace("{other}", someone).Replace("{skill}", skill).Replace("{start}", local));
    }

    /// <summary>An instant as the person reads it: their clock, their language ("Monday 2 March at 18:30").</summary>
    public static string LocalTime(DateTimeOffset instant, string locale, TimeZoneInfo zone)
    {
        var french = locale == "fr";
        return TimeZoneInfo.ConvertTime(instant, zone).ToString(french ? "dddd d MMMM 'à' HH:mm" : "dddd d MMMM 'at' HH:mm",
            CultureInfo.GetCultureInfo(french ? "fr-FR" : "en-GB"));
    }

    private sealed record Text(string Title, string Body);
}
