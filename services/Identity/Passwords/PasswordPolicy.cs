using System.Diagnostics.CodeAnalysis;

namespace SkillSwap.Identity.Passwords;

/// <summary>Length is what makes a password strong; composition rules mostly make people write them down.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    /// <returns>The problem with the password, or null when it is acceptable.</returns>
    public static string? Check(string? password) => password switch
    {
        null or "" => "A password is required.",
        { Length: < MinLength } => $"The password must be at least {MinLength} characters long.",
        { Length: > MaxLength } => $"The password must be at most {MaxLength} characters long.",
        _ when string.IsNullOrWhiteSpace(password) => "The password cannot be only spaces.",
        _ => null,
    };

    /// <summary>
    /// Whether a password typed to prove who one is (sign-in, erasure, a new confirmation link) is worth checking
    /// against a hash: present, and no longer than any password can be. Its strength was judged when it was chosen.
    /// </summary>
    public static bool CanBeChecked([NotNullWhen(true)] string? password) => !string.IsNullOrEmpty(password) && password.Length <= MaxLength;
}
