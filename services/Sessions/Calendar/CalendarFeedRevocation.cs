using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Sessions.Calendar;

/// <summary>
/// A password reset ends every sign-in, and the private calendar address ends with them: whoever held the account may
/// have copied it. The person asks for a new address in the app. A single logout leaves it alone (it belongs to a
/// calendar application, not to a device's sign-in).
/// </summary>
public sealed class CalendarFeedRevocation(IDocumentSession db) : IIntegrationEventHandler<SignInsEnded>
{
    public Task HandleAsync(SignInsEnded integrationEvent, CancellationToken cancellationToken)
    {
        if (integrationEvent.EndsEverySignIn)
        {
            db.DeleteWhere<CalendarFeedDocument>(feed => feed.UserId == integrationEvent.UserId);
        }
        return Task.CompletedTask;
    }
}
