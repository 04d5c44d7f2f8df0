using SkillSwap.DocumentStore;
using SkillSwap.EventBus;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Sessions.Participants;

/// <summary>
/// Keeps <see cref="ParticipantDocument"/> in step with Identity (who exists) and Profiles (clock, availability, blocks).
/// Each event carries the whole new value, so replays are harmless.
/// </summary>
public sealed class ParticipantDirectory(IDocumentSession db) :
    IIntegrationEventHandler<UserRegistered>,
    IIntegrationEventHandler<ProfileUpdated>,
    IIntegrationEventHandler<UserBlocked>,
    IIntegrationEventHandler<UserUnblocked>
{
    /// <summary>A new account: from now on people can ask them for sessions. A later profile edit refines the entry.</summary>
    public Task HandleAsync(UserRegistered integrationEvent, CancellationToken cancellationToken) =>
        EditAsync(integrationEvent.UserId, participant =>
        {
            participant.DisplayName ??= integrationEvent.DisplayName;
            participant.RegisteredAt ??= integrationEvent.OccurredAt;
        }, cancellationToken);

    public Task HandleAsync(ProfileUpdated integrationEvent, CancellationToken cancellationToken) =>
        EditAsync(integrationEvent.UserId, participant =>
        {
            if (integrationEvent.ProfileVersion > 0 && integrationEvent.ProfileVersion <= participant.ProfileVersion)
            {
                return; // an older edit arriving after a newer one
            }
            participant.ProfileVersion = Math.Max(participant.ProfileVersion, integrationEvent.ProfileVersion);
            participant.DisplayName = integrationEvent.DisplayName;
            participant.TimeZone = integrationEvent.TimeZone;
            // Older events carry no availability: keep what is known rather than opening every slot.
            if (integrationEvent.Availability is { } availability)
            {
                participant.Availability = [.. availability];
            }
        }, cancellationToken);

    public Task HandleAsync(UserBlocked integrationEvent, CancellationToken cancellationToken) =>
        EditAsync(integrationEvent.BlockerId, participant =>
        {
            if (!participant.BlockedUserIds.Contains(integrationEvent.BlockedId))
            {
                participant.BlockedUserIds.Add(integrationEvent.BlockedId);
            }
        }, cancellationToken);

    public Task HandleAsync(UserUnblocked integrationEvent, CancellationToken cancellationToken) =>
        EditAsync(integrationEvent.BlockerId, participant => participant.BlockedUserIds.Remove(integrationEvent.BlockedId), cancellationToken);

    private async Task EditAsync(Guid userId, Action<ParticipantDocument> edit, CancellationToken cancellationToken)
    {
        var participant = await db.LoadAsync<ParticipantDocument>(ParticipantDocument.IdFor(userId), cancellationToken);
        if (participant is null)
        {
            participant = ParticipantDocument.New(userId);
            edit(participant);
            db.Insert(participant);
        }
        else
        {
            edit(participant);
            db.Replace(participant);
        }
    }
}

public static class ParticipantLookup
{
    /// <summary>
    /// The person as known here, or an empty record (UTC clock, open availability, no blocks) for someone not announced
    /// yet — for reading; a teacher must be known (<see cref="KnownParticipantAsync"/>).
    /// </summary>
    public static async Task<ParticipantDocument> ParticipantAsync(this IDocumentSession db, Guid userId, CancellationToken cancellationToken) =>
        await db.LoadAsync<ParticipantDocument>(ParticipantDocument.IdFor(userId), cancellationToken) ?? ParticipantDocument.New(userId);

    /// <summary>Null for an id no account was ever announced under (or one erased since).</summary>
    public static Task<ParticipantDocument?> KnownParticipantAsync(this IDocumentSession db, Guid userId, CancellationToken cancellationToken) =>
        db.LoadAsync<ParticipantDocument>(ParticipantDocument.IdFor(userId), cancellationToken);

    public static bool EitherBlocked(ParticipantDocument left, ParticipantDocument right) =>
        left.BlockedUserIds.Contains(right.UserId) || right.BlockedUserIds.Contains(left.UserId);
}
