namespace SkillSwap.IntegrationEvents;

/// <summary>An account was created. <paramref name="Locale"/> ("fr" or "en") picks the language of what the user receives.</summary>
[Measured]
public sealed record UserRegistered(Guid UserId, string Email, string DisplayName, string Locale) : IntegrationEvent;

/// <summary>The user must confirm their email; Notifications mails <paramref name="Token"/>, which is single-use.</summary>
[CarriesSensitiveData(nameof(Token))]
public sealed record EmailVerificationRequested(Guid UserId, string Email, string Token, DateTimeOffset ExpiresAt, string Locale) : IntegrationEvent;

[Measured]
public sealed record EmailVerified(Guid UserId) : IntegrationEvent;

/// <summary>Sent only for registered emails; the API answers the same either way so accounts cannot be probed.</summary>
[CarriesSensitiveData(nameof(Token))]
public sealed record PasswordResetRequested(Guid UserId, string Email, string Token, DateTimeOffset ExpiresAt, string Locale) : IntegrationEvent;

/// <summary>
/// Sign-ins ended before their access tokens expired (each id is the <c>sid</c> claim of a sign-in's tokens): one at
/// logout or when a refresh token was replayed, all the open ones at a password reset, a sanction or erasure. Services
/// that keep connections open close theirs and refuse those sign-ins' remaining access tokens. <paramref name="Reason"/>:
/// "logout", "reuse-detected", "password-reset", "sanction", "erasure".
/// </summary>
public sealed record SignInsEnded(Guid UserId, IReadOnlyList<Guid> SignInIds, DateTimeOffset EndedAt, string Reason) : IntegrationEvent
{
    public const string Logout = "logout";
    public const string ReuseDetected = "reuse-detected";
    public const string PasswordReset = "password-reset";
    public const string Sanction = "sanction";
    public const string Erasure = "erasure";

    /// <summary>
    /// Every sign-in of the person ended (password reset, sanction, erasure): whatever else stands for them without a
    /// password — a private calendar address, the phones receiving their pushes — ends too.
    /// </summary>
    public bool EndsEverySignIn => Reason is PasswordReset or Sanction or Erasure;
}

/// <summary>
/// Starts the erasure saga: every service that keeps personal data erases or anonymises its part and answers
/// with <see cref="UserDataErased"/> before <paramref name="Deadline"/>.
/// </summary>
public sealed record UserErasureRequested(Guid UserId, DateTimeOffset Deadline) : IntegrationEvent;

/// <summary>One service's answer to <see cref="UserErasureRequested"/>; <paramref name="Service"/> names the answering part.</summary>
public sealed record UserDataErased(Guid UserId, string Service) : IntegrationEvent;

/// <summary>Every part answered and the account itself is gone.</summary>
public sealed record UserErased(Guid UserId) : IntegrationEvent;

/// <summary>
/// A support agent (<paramref name="StaffId"/>) looked at or acted on <paramref name="UserId"/>'s account, for
/// <paramref name="Reason"/>: every access to someone's personal data by staff is recorded in Administration's audit log.
/// <paramref name="Action"/>: "look-up", "verification-link-sent", "lockout-lifted".
/// </summary>
[CarriesSensitiveData(nameof(Reason))]
public sealed record SupportActionTaken(Guid StaffId, Guid UserId, string Action, string Reason) : IntegrationEvent
{
    public const string LookUp = "look-up";
    public const string VerificationLinkSent = "verification-link-sent";
    public const string LockoutLifted = "lockout-lifted";
}
