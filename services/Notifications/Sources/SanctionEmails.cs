using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Composing;
using SkillSwap.Notifications.Recipients;

namespace SkillSwap.Notifications.Sources;

/// <summary>
/// Tells a sanctioned person, by email (they cannot sign in to read the app), what the moderators decided, why and until
/// when, in their language; and again when the sanction ends. The lift of a sanction that a later one replaced is not
/// news to them: Administration announces no such lift.
/// </summary>
public sealed class SanctionEmails(IDocumentSession db, Notifier notifier) :
    IIntegrationEventHandler<AccountSanctioned>,
    IIntegrationEventHandler<AccountSanctionLifted>
{
    public Task HandleAsync(AccountSanctioned sanctioned, CancellationToken cancellationToken) =>
        QueueAsync(sanctioned, sanctioned.UserId, sanctioned.Kind == AccountSanctioned.Ban ? EmailTemplates.Banned : EmailTemplates.Suspended,
            sanctioned.Until, sanctioned.Reason, cancellationToken);

    public Task HandleAsync(AccountSanctionLifted lifted, CancellationToken cancellationToken) =>
        QueueAsync(lifted, lifted.UserId, EmailTemplates.SanctionLifted, null, null, cancellationToken);

    private async Task QueueAsync(IntegrationEvent source, Guid userId, string type, DateTimeOffset? until, string? reason, CancellationToken cancellationToken)
    {
        var recipient = await notifier.RecipientAsync(userId, cancellationToken);
        if (string.IsNullOrEmpty(recipient.Email) || await db.IsErasedAsync(userId, cancellationToken))
        {
            return;
        }
        var language = RecipientDocument.LanguageOf(recipient.Locale);
        var email = EmailTemplates.SanctionEmail(type, language, recipient.DisplayName, until, reason, recipient.Zone(), notifier.AppLink(""));
        notifier.QueueEmail(source.Id, recipient, type, email);
    }
}
