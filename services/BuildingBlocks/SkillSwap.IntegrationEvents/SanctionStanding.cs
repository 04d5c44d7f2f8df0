namespace SkillSwap.IntegrationEvents;

/// <summary>
/// What a service knows of one person's sanctions: the one in force and the newest it has heard of, imposed or lifted.
/// It stays right whatever order <see cref="AccountSanctioned"/> and <see cref="AccountSanctionLifted"/> arrive in — a
/// retry can deliver a lift before the sanction it lifts, or an older sanction after the newer one that replaced it.
/// Administration's sanction ids are version-7 UUIDs, which order as the sanctions were imposed, so a sanction no newer
/// than the newest heard of is stale (or heard already) and changes nothing.
/// </summary>
public readonly record struct SanctionStanding(Guid? InForce, Guid? Newest)
{
    /// <summary>After sanction <paramref name="sanctionId"/>: in force if it is newer than anything heard of, else unchanged.</summary>
    public SanctionStanding Impose(Guid sanctionId) => IsNewer(sanctionId) ? new SanctionStanding(sanctionId, sanctionId) : this;

    /// <summary>
    /// After the lift of <paramref name="sanctionId"/>: the sanction in force ends if it is that one or an older one (which
    /// the lifted one had replaced); a lift of a sanction not heard of yet makes that sanction stale when it comes.
    /// </summary>
    public SanctionStanding Lift(Guid sanctionId) => new(
        InForce is { } inForce && inForce.CompareTo(sanctionId) <= 0 ? null : InForce,
        IsNewer(sanctionId) ? sanctionId : NewestKnown);

    // A record kept before the newest id was (a sanction in force, no newest) counts the one in force as the newest.
    private Guid? NewestKnown => Newest ?? InForce;

    private bool IsNewer(Guid sanctionId) => NewestKnown is not { } newest || sanctionId.CompareTo(newest) > 0;
}

/// <summary>A service's record of a person that keeps their <see cref="SanctionStanding"/> (its two ids, stored as they are).</summary>
public interface ISanctionRecord
{
    /// <summary>The moderators' sanction in force, if any.</summary>
    Guid? SanctionId { get; set; }

    /// <summary>The newest sanction heard of, in force or lifted: an event about an older one is stale.</summary>
    Guid? NewestSanctionId { get; set; }
}

public static class SanctionRecords
{
    /// <summary>Applies sanction <paramref name="sanctionId"/>; false when it changes nothing (stale, lifted already, or heard already).</summary>
    public static bool Sanction(this ISanctionRecord record, Guid sanctionId) => record.Apply(record.Standing().Impose(sanctionId));

    /// <summary>
    /// Applies the lift of <paramref name="sanctionId"/>; a lift that arrives before its sanction is remembered, so the
    /// sanction changes nothing when it comes. False when the record does not change.
    /// </summary>
    public static bool LiftSanction(this ISanctionRecord record, Guid sanctionId) => record.Apply(record.Standing().Lift(sanctionId));

    public static SanctionStanding Standing(this ISanctionRecord record) => new(record.SanctionId, record.NewestSanctionId);

    private static bool Apply(this ISanctionRecord record, SanctionStanding after)
    {
        if (after == record.Standing())
        {
            return false;
        }
        (record.SanctionId, record.NewestSanctionId) = (after.InForce, after.Newest);
        return true;
    }
}
