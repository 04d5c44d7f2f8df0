using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Composing;
using SkillSwap.Notifications.Recipients;

namespace SkillSwap.Notifications.Sources;

/// <summary>
/// Identity's account emails, in the language the person signed up in. They ignore the notification switches (an
/// account cannot be verified or recovered without them) and go to the address in the event, which may be new.
/// </summary>
public sealed class AccountEmails(IDocumentSession db, Notifier notifier) :
    IIntegrationEventHandler<EmailVerificationRequested>,
    IIntegrationEventHandler<PasswordResetRequested>
{
    public Task HandleAsync(EmailVerificationRequested integrationEvent, CancellationToken cancellationToken) =>
        QueueAsync(integrationEvent, integrationEvent.UserId, integrationEvent.Email, integrationEvent.Locale, EmailTemplates.EmailVerification,
            "verify-email", integrationEvent.Token, integrationEvent.ExpiresAt, cancellationToken);

    public Task HandleAsync(PasswordResetRequested integrationEvent, CancellationToken cancellationToken) =>
        QueueAsync(integrationEvent, integrationEvent.UserId, integrationEvent.Email, integrationEvent.Locale, EmailTemplates.PasswordReset,
            "reset-password", integrationEvent.Token, integrationEvent.ExpiresAt, cancellationToken);

    private async Task QueueAsync(IntegrationEvent source, Guid userId, string address, string locale, string type, string page, string token,
        DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (await db.IsErasedAsync(userId, cancellationToken))
        {
            return;
        }
        var recipient = await notifier.RecipientAsync(userId, cancellationToken);
        var language = RecipientDocument.LanguageOf(locale);
        var link = notifier.AppLink($"{page}?token={Uri.EscapeDataString(token)}");
        var email = EmailTemplates.AccountEmail(type, language, recipient.DisplayName, expiresAt, recipient.Zone(), link);
        notifier.QueueEmail(source.Id, userId, address, language, type, email);
    }
}
