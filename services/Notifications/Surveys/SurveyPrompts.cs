using Microsoft.Extensions.Options;
using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Composing;
using SkillSwap.Notifications.Delivery;

namespace SkillSwap.Notifications.Surveys;

/// <summary>
/// Asks the NPS question after a completed session, at most once per <see cref="NotificationsOptions.SurveyInterval"/>
/// per person (a quarter), so the question stays rare enough to be answered honestly.
/// </summary>
public sealed class SurveyPrompts(IDocumentSession db, Notifier notifier, TimeProvider time, IOptions<NotificationsOptions> options) :
    IIntegrationEventHandler<SessionCompleted>
{
    public async Task HandleAsync(SessionCompleted integrationEvent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var person in integrationEvent.LearnerIds.Prepend(integrationEvent.TeacherId).Distinct())
        {
            if (await db.IsErasedAsync(person, cancellationToken))
            {
                continue;
            }
            var prompt = await db.LoadAsync<SurveyPromptDocument>(SurveyPromptDocument.IdFor(person), cancellationToken);
            if (prompt is not null && now - prompt.LastAskedAt < options.Value.SurveyInterval)
            {
                continue;
            }
            prompt = db.Edit(prompt, () => new SurveyPromptDocument { Id = SurveyPromptDocument.IdFor(person), UserId = person });
            prompt.LastAskedAt = now;
            prompt.SurveyId = Guid.CreateVersion7();
            prompt.SessionId = integrationEvent.SessionId;
            prompt.Answered = false;
            await notifier.NotifyAsync(new NotificationRequest(integrationEvent.Id, person, NotificationTemplates.SurveyPrompt, null, integrationEvent.SkillLabel, null,
                new Dictionary<string, string> { ["surveyId"] = prompt.SurveyId.ToString(), ["sessionId"] = integrationEvent.SessionId.ToString() }), cancellationToken);
        }
    }
}
