using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Composing;
using SkillSwap.Notifications.Recipients;

namespace SkillSwap.Notifications.Sources;

/// <summary>
/// The moderators' decisions about a person, told to them by email in their language (a sanctioned person cannot sign in
/// to read the app): a warning and its reason; the removal of something they wrote; a suspension or ban, its reason and
/// end — each with the link to contest it when Administration gave one; the end of a sanction; a warning or removal
/// withdrawn on appeal. The lift
/// of a sanction that a later one replaced is not news to them: Administration announces no such lift.
/// </summary>
public sealed class ModerationEmails(IDocumentSession db, Notifier notifier) :
    IIntegrationEventHandler<AccountSanctioned>,
    IIntegrationEventHandler<AccountSanctionLifted>,
    IIntegrationEventHandler<MemberWarned>,
    IIntegrationEventHandler<ContentRemoved>,
    IIntegrationEventHandler<DecisionWithdrawn>
{
    public Task HandleAsync(ContentRemoved removed, CancellationToken cancellationToken) =>
        QueueAsync(removed, removed.OwnerId, EmailTemplates.ContentRemoved, null, removed.Reason, removed.AppealToken, cancellationToken, removed.ContentKind);

    public Task HandleAsync(MemberWarned warned, CancellationToken cancellationToken) =>
        QueueAsync(warned, warned.UserId, EmailTemplates.Warned, null, warned.Reason, warned.AppealToken, cancellationToken);

    public async Task HandleAsync(AccountSanctioned sanctioned, CancellationToken cancellationToken)
    {
        // A sanction lifted or replaced before it arrived (a retry reordered them) is not in force: no email saying it is.
        if (await db.LoadAsync<RecipientDocument>(RecipientDocument.IdFor(sanctioned.UserId), cancellationToken) is { } recipient)
        {
            if (!recipient.Sanction(sanctioned.SanctionId))
            {
                return;
            }
            db.Replace(recipient);
        }
        await QueueAsync(sanctioned, sanctioned.UserId, sanctioned.Kind == AccountSanctioned.Ban ? EmailTemplates.Banned : EmailTemplates.Suspended,
            sanctioned.Until, sanctioned.Reason, sanctioned.AppealToken, cancellationToken);
    }

    /// <summary>
    /// Sent whatever the order the events came in, unless a newer sanction is in force (the lift of the one it replaced
    /// arrived late): the account is not open then.
    /// </summary>
    public async Task HandleAsync(AccountSanctionLifted lifted, CancellationToken cancellationToken)
    {
        if (await db.LoadAsync<RecipientDocument>(RecipientDocument.IdFor(lifted.UserId), cancellationToken) is { } recipient)
        {
            if (recipient.LiftSanction(lifted.SanctionId))
            {
                db.Replace(recipient);
            }
            if (recipient.SanctionId is not null)
            {
                return;
            }
        }
        await QueueAsync(lifted, lifted.UserId, EmailTemplates.SanctionLifted, null, null, null, cancellationToken);
    }

    public Task HandleAsync(DecisionWithdrawn withdrawn, CancellationToken cancellationToken) =>
        QueueAsync(withdrawn, withdrawn.UserId, EmailTemplates.DecisionWithdrawn, null, withdrawn.Reason, null, cancellationToken);

    private async Task QueueAsync(
        IntegrationEvent source, Guid userId, string type, DateTimeOffset? until, string? reason, string? appealToken, CancellationToken cancellationToken,
        string? contentKind = null)
    {
        var recipient = await notifier.RecipientAsync(userId, cancellationToken);
        if (string.IsNullOrEmpty(recipient.Email) || await db.IsErasedAsync(userId, cancellationToken))
        {
            return;
        }
        var language = RecipientDocument.LanguageOf(recipient.Locale);
        var email = EmailTemplates.SanctionEmail(type, language, recipient.DisplayName, until, reason, recipient.Zone(), notifier.AppLink(""), contentKind,
            appealToken is null ? null : notifier.AppLink($"appeal?token={Uri.EscapeDataString(appealToken)}"));
        notifier.QueueEmail(source.Id, recipient, type, email);
    }
}
