using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace SkillSwap.Notifications.Composing;

/// <summary>An email in both forms every client can show: plain text, and HTML where every inserted value is encoded.</summary>
public sealed record EmailContent(string Subject, string Text, string Html);

/// <summary>
/// The emails' words in French and English and their one layout: a greeting by name, the message, one link into the
/// app, and a footer saying why the person receives it.
/// </summary>
public static class EmailTemplates
{
    public const string EmailVerification = "account.email-verification";
    public const string PasswordReset = "account.password-reset";
    public const string Warned = "account.warned";
    public const string ContentRemoved = "account.content-removed";
    public const string Suspended = "account.suspended";
    public const string Banned = "account.banned";
    public const string SanctionLifted = "account.sanction-lifted";
    public const string DecisionWithdrawn = "account.decision-withdrawn";

    private static readonly Dictionary<string, (Words En, Words Fr)> Account = new()
    {
        [EmailVerification] = (
            new("Confirm your email address",
                "Welcome to SkillSwap! Confirm your email address to start swapping skills. The link is valid until {expires}.",
                "Confirm my address"),
            new("Confirmez votre adresse e-mail",
                "Bienvenue sur SkillSwap ! Confirmez votre adresse e-mail pour commencer à échanger vos savoir-faire. Le lien est valable jusqu'au {expires}.",
                "Confirmer mon adresse")),
        [PasswordReset] = (
            new("Reset your password",
                "Someone, hopefully you, asked to reset your SkillSwap password. Choose a new one with the link below, valid until {expires}. If it was not you, ignore this email: your password stays as it is.",
                "Choose a new password"),
            new("Réinitialisez votre mot de passe",
                "Quelqu'un, vous espérons-le, a demandé à réinitialiser votre mot de passe SkillSwap. Choisissez-en un nouveau avec le lien ci-dessous, valable jusqu'au {expires}. Si ce n'était pas vous, ignorez cet e-mail : votre mot de passe reste inchangé.",
                "Choisir un nouveau mot de passe")),
    };

    private static readonly Dictionary<string, (Words En, Words Fr)> Sanction = new()
    {
        [Warned] = (
            new("A warning from SkillSwap's moderators",
                "Something you wrote on SkillSwap was reported, and SkillSwap's moderators found it breaks the community rules. Their reason: \"{reason}\". This is a warning: your account stays open, but another breach may lead to a suspension.",
                "Open SkillSwap"),
            new("Un avertissement de l'équipe de modération de SkillSwap",
                "Un de vos écrits sur SkillSwap a été signalé, et l'équipe de modération a jugé qu'il enfreint les règles de la communauté. Son motif : « {reason} ». Ceci est un avertissement : votre compte reste ouvert, mais un nouveau manquement peut conduire à une suspension.",
                "Ouvrir SkillSwap")),
        [ContentRemoved] = (
            new("SkillSwap's moderators removed something you wrote",
                "Something you wrote on SkillSwap ({content}) was reported, and SkillSwap's moderators removed it: it breaks the community rules. Their reason: \"{reason}\". Others now see that moderation removed it. Your account stays open.",
                "Open SkillSwap"),
            new("L'équipe de modération de SkillSwap a retiré un de vos écrits",
                "Un de vos écrits sur SkillSwap ({content}) a été signalé, et l'équipe de modération l'a retiré : il enfreint les règles de la communauté. Son motif : « {reason} ». Les autres membres voient désormais qu'il a été retiré par la modération. Votre compte reste ouvert.",
                "Ouvrir SkillSwap")),
        [Suspended] = (
            new("Your SkillSwap account is suspended",
                "SkillSwap's moderators suspended your account until {until}. Their reason: \"{reason}\". Until then you cannot sign in, nobody finds you in search, and your upcoming sessions were cancelled with every credit refunded.",
                "Open SkillSwap"),
            new("Votre compte SkillSwap est suspendu",
                "L'équipe de modération de SkillSwap a suspendu votre compte jusqu'au {until}. Son motif : « {reason} ». D'ici là, vous ne pouvez pas vous connecter, personne ne vous trouve dans la recherche, et vos séances à venir ont été annulées avec remboursement de tous les crédits.",
                "Ouvrir SkillSwap")),
        [Banned] = (
            new("Your SkillSwap account is closed",
                "SkillSwap's moderators banned your account. Their reason: \"{reason}\". You can no longer sign in, and your upcoming sessions were cancelled with every credit refunded.",
                "Open SkillSwap"),
            new("Votre compte SkillSwap est fermé",
                "L'équipe de modération de SkillSwap a banni votre compte. Son motif : « {reason} ». Vous ne pouvez plus vous connecter, et vos séances à venir ont été annulées avec remboursement de tous les crédits.",
                "Ouvrir SkillSwap")),
        [SanctionLifted] = (
            new("Your SkillSwap account is open again",
                "The sanction on your account has ended. You can sign in again and others can find you in search.",
                "Sign in"),
            new("Votre compte SkillSwap est de nouveau ouvert",
                "La sanction qui visait votre compte a pris fin. Vous pouvez de nouveau vous connecter et les autres membres vous trouvent dans la recherche.",
                "Me connecter")),
        [DecisionWithdrawn] = (
            new("Your appeal was accepted",
                "Another of SkillSwap's moderators looked again at the decision you contested and withdrew it: it no longer counts on your record. Their reason: \"{reason}\". Anything moderation removed stays removed: it was deleted for good.",
                "Open SkillSwap"),
            new("Votre contestation a été acceptée",
                "Un autre membre de l'équipe de modération de SkillSwap a réexaminé la décision que vous avez contestée et l'a retirée : elle ne compte plus dans votre dossier. Son motif : « {reason} ». Ce que la modération avait retiré le reste : il a été effacé pour de bon.",
                "Ouvrir SkillSwap")),
    };

    /// <summary>
    /// A moderators' sanction or its end, told to the person in their language with the moderators' reason as written:
    /// sent whatever the switches say, as it concerns the account itself.
    /// </summary>
    /// <remarks>
    /// With an <paramref name="appealLink"/> the email says how to contest the decision and its button leads there (for a
    /// suspended or banned person, who cannot sign in, the only door); otherwise it opens the app.
    /// </remarks>
    public static EmailContent SanctionEmail(
        string type, string locale, string? name, DateTimeOffset? until, string? reason, TimeZoneInfo zone, string link,
        string? contentKind = null, string? appealLink = null)
    {
        var (en, fr) = Sanction[type];
        var french = locale == "fr";
        var words = french ? fr : en;
        var body = words.Body
            .Replace("{until}", until is { } end ? NotificationTemplates.LocalTime(end, locale, zone) : "")
            .Replace("{content}", ContentName(contentKind, locale))
            .Replace("{reason}", reason ?? "");
        if (appealLink is null)
        {
            return Layout(locale, name, words.Subject, body, words.Action, link, AccountFooter(locale));
        }
        body += french
            ? " Si vous pensez que cette décision est une erreur, vous pouvez la contester une fois, dans les 30 jours, avec le lien ci-dessous : un autre membre de l'équipe de modération la réexaminera."
            : " If you think this decision is a mistake, you can contest it once, within 30 days, with the link below: another moderator will look at it again.";
        return Layout(locale, name, words.Subject, body, french ? "Contester la décision" : "Contest this decision", appealLink, AccountFooter(locale));
    }

    private static string ContentName(string? contentKind, string locale) => (contentKind, locale == "fr") switch
    {
        (IntegrationEvents.ContentRemoved.ChatMessage, false) => "a chat message",
        (IntegrationEvents.ContentRemoved.ChatMessage, true) => "un message",
        (IntegrationEvents.ContentRemoved.Review, false) => "a review",
        (IntegrationEvents.ContentRemoved.Review, true) => "un avis",
        (IntegrationEvents.ContentRemoved.ProfileBio, false) => "your profile's bio",
        (IntegrationEvents.ContentRemoved.ProfileBio, true) => "la présentation de votre profil",
        _ => "",
    };

    /// <summary>An account email (verification, password reset): sent whatever the switches say, as the account needs it.</summary>
    public static EmailContent AccountEmail(string type, string locale, string? name, DateTimeOffset expiresAt, TimeZoneInfo zone, string link)
    {
        var (en, fr) = Account[type];
        var words = locale == "fr" ? fr : en;
        var body = words.Body.Replace("{expires}", NotificationTemplates.LocalTime(expiresAt, locale, zone));
        return Layout(locale, name, words.Subject, body, words.Action, link, AccountFooter(locale));
    }

    /// <summary>A notification by email: the same words as in the app, and a way to stop such emails.</summary>
    public static EmailContent Notification(string locale, string? name, string title, string body, string link) =>
        Layout(locale, name, title, body, locale == "fr" ? "Ouvrir SkillSwap" : "Open SkillSwap", link, NotificationFooter(locale));

    private static EmailContent Layout(string locale, string? name, string subject, string body, string action, string link, string footer)
    {
        var french = locale == "fr";
        var greeting = string.IsNullOrWhiteSpace(name) ? (french ? "Bonjour," : "Hello,") : (french ? $"Bonjour {name}," : $"Hi {name},");
        var colon = french ? " :" : ":"; // French sets a space before the colon
        var text = $"{greeting}\n\n{body}\n\n{action}{colon} {link}\n\n-- \n{footer}\n";
        var html = $"""
            <!DOCTYPE html>
            <html lang="{(french ? "fr" : "en")}">
            <head><meta charset="utf-8"><title>{Encode(subject)}</title></head>
            <body style="font-family:-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2933;max-width:560px;margin:auto;padding:24px">
            <p>{Encode(greeting)}</p>
            <p>{Encode(body)}</p>
            <p><a href="{Encode(link)}" style="display:inline-block;background:#2f7d6d;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">{Encode(action)}</a></p>
            <p style="color:#7b8794;font-size:12px">{Encode(footer)}</p>
            </body>
            </html>
            """;
        return new EmailContent(subject, text, html);
    }

    /// <summary>Markup characters become entities; letters stay as they are (the email is UTF-8), so "é" is not "&amp;#233;".</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Encode(string value) => Html.Encode(value);

    private static string AccountFooter(string locale) => locale == "fr"
        ? "Vous recevez cet e-mail suite à une action sur votre compte SkillSwap."
        : "You receive this email because of an action on your SkillSwap account.";

    private static string NotificationFooter(string locale) => locale == "fr"
        ? "Vous recevez cet e-mail selon vos réglages de notifications ; modifiez-les dans l'application, Réglages → Notifications."
        : "You receive this email because of your notification settings; change them in the app under Settings → Notifications.";

    private sealed record Words(string Subject, string Body, string Action);
}
