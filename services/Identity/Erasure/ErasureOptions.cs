using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Identity.Erasure;

/// <summary>Bound from the "Erasure" section.</summary>
public sealed class ErasureOptions : IValidatableObject
{
    public const string SectionName = "Erasure";

    /// <summary>
    /// Services that keep personal data and must answer <c>UserErasureRequested</c> with <c>UserDataErased</c>.
    /// A service missing here is not waited for; one listed but never answering makes every request overdue.
    /// </summary>
    public IList<string> Participants { get; set; } = [];

    /// <summary>The GDPR allows one month to honour an erasure request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromDays(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var names = Participants.Select(participant => participant?.Trim().ToLowerInvariant()).ToList();
        if (names.Exists(name => string.IsNullOrEmpty(name) || name.Length > 64))
        {
            yield return new ValidationResult("Erasure:Participants must be non-empty service names of at most 64 characters.", [nameof(Participants)]);
        }
        if (names.Distinct().Count() != names.Count)
        {
            yield return new ValidationResult("Erasure:Participants must not repeat a service.", [nameof(Participants)]);
        }
    }

    public IReadOnlyList<string> NormalizedParticipants => [.. Participants.Select(ParticipantName)];

    /// <summary>Service names compare case-insensitively, so "Profiles" in configuration matches an answer from "profiles".</summary>
    public static string ParticipantName(string service) => service.Trim().ToLowerInvariant();
}
