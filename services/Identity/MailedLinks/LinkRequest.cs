using SkillSwap.Identity.OneTimeTokens;

namespace SkillSwap.Identity.MailedLinks;

/// <summary>
/// An anonymous request for a mailed link (password reset, new confirmation link), queued by the request and answered
/// by <see cref="LinkMailer"/>. Every well-formed request is queued, whether or not the address has an account, so
/// the request costs the same either way and its timing does not tell which addresses are registered.
/// </summary>
public sealed class LinkRequest
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public OneTimeTokenPurpose Purpose { get; init; }

    /// <summary>Normalised; deleted with the request once answered.</summary>
    public required string Email { get; init; }

    /// <summary>
    /// For a new confirmation link: the password hash of the unconfirmed sign-up whose password the requester typed.
    /// Null when the password matched nothing: no link goes out then, so only the person who signed up can have
    /// their sign-up's link sent again.
    /// </summary>
    public string? ProvenPasswordHash { get; init; }

    public DateTimeOffset RequestedAt { get; init; }
}
