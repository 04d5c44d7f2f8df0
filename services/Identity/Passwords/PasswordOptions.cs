using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Identity.Passwords;

/// <summary>Bound from the "Passwords" section.</summary>
public sealed class PasswordOptions
{
    public const string SectionName = "Passwords";

    /// <summary>bcrypt cost; 12 is the floor the security review asked for, raising it slows every login.</summary>
    [Range(12, 16)]
    public int WorkFactor { get; set; } = 12;
}
