using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.Accounts;

/// <summary>An account. Deleted outright when its erasure completes or falls overdue (see <c>Erasure/</c>).</summary>
public sealed class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>Always normalised (trimmed, lower-case) so uniqueness holds whatever the user typed.</summary>
    public required string Email { get; set; }

    public required string PasswordHash { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>"fr" or "en": the language of the emails and notifications the user receives.</summary>
    public required string Locale { get; set; }

    public string Role { get; set; } = Roles.Member;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EmailVerifiedAt { get; set; }
    public DateTimeOffset? PasswordChangedAt { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>Set when the user asked to be erased: from then on the account can no longer sign in.</summary>
    public DateTimeOffset? ErasureRequestedAt { get; set; }

    /// <summary>The moderators' sanction in force (Administration's id), if any: the account cannot sign in meanwhile.</summary>
    public Guid? SanctionId { get; private set; }

    /// <summary>"suspension" or "ban" (<c>AccountSanctioned</c>'s kinds).</summary>
    public string? SanctionKind { get; private set; }

    /// <summary>When a suspension ends by itself; null for a ban.</summary>
    public DateTimeOffset? SanctionedUntil { get; private set; }

    /// <summary>The newest sanction heard of, in force or lifted: an event about an older one is stale (<see cref="SanctionStanding"/>).</summary>
    public Guid? NewestSanctionId { get; private set; }

    private SanctionStanding Standing => new(SanctionId, NewestSanctionId);

    /// <summary>A later sanction replaces an earlier one; false when it changes nothing (stale, lifted already, or heard already).</summary>
    public bool Sanction(Guid sanctionId, string kind, DateTimeOffset? until)
    {
        var after = Standing.Impose(sanctionId);
        if (after == Standing)
        {
            return false;
        }
        (SanctionId, NewestSanctionId) = (after.InForce, after.Newest);
        SanctionKind = kind;
        SanctionedUntil = until;
        return true;
    }

    /// <summary>Ends sanction <paramref name="sanctionId"/>; false when no sanction ended (a later one is in force, or none).</summary>
    public bool LiftSanction(Guid sanctionId)
    {
        var after = Standing.Lift(sanctionId);
        NewestSanctionId = after.Newest;
        if (after.InForce == SanctionId)
        {
            return false;
        }
        SanctionId = null;
        SanctionKind = null;
        SanctionedUntil = null;
        return true;
    }

    /// <summary>A suspension whose date passed no longer counts, even before Administration's clock announces its end.</summary>
    public bool IsSanctionedAt(DateTimeOffset now) => SanctionId is not null && (SanctionedUntil is null || SanctionedUntil > now);
}
