using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Notifications.Devices;

/// <summary>
/// Pushes stop with the sign-in that registered the phone: at a logout (even one the phone could not report, stolen or
/// offline) the phones registered under that sign-in, at a password reset every phone of the person. The app registers
/// its phone again after the next sign-in.
/// </summary>
public sealed class EndedSignInDevices(IDocumentSession db) : IIntegrationEventHandler<SignInsEnded>
{
    public async Task HandleAsync(SignInsEnded integrationEvent, CancellationToken cancellationToken)
    {
        var devices = await db.Query<DeviceDocument>().Where(device => device.UserId == integrationEvent.UserId).ToListAsync(cancellationToken);
        var ended = devices.Where(device => integrationEvent.EndsEverySignIn
            || (device.SignInId is { } signIn && integrationEvent.SignInIds.Contains(signIn)));
        foreach (var device in ended)
        {
            db.Delete<DeviceDocument>(device.Id);
        }
    }
}
