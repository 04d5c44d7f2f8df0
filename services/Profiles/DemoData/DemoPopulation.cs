using System.Security.Cryptography;
using System.Text;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Skills.Catalogue;

namespace SkillSwap.Profiles.DemoData;

/// <summary>
/// A realistic made-up population: French and English speakers in a dozen time zones, one to three skills taught
/// and wanted each (popular skills more often, as in life), evening and weekend availability, a few ratings. The
/// same <paramref name="seed"/> and index always give the same person, with the same id, which is what makes
/// seeding idempotent. Used by demo seeding and by the benchmarks.
/// </summary>
public sealed class DemoPopulation(SkillCatalogue catalogue, int seed = 2026)
{
    private static readonly string[] FrenchFirstNames =
        ["Camille", "Léa", "Manon", "Chloé", "Inès", "Jade", "Louise", "Zoé", "Hugo", "Lucas", "Théo", "Nathan", "Louis", "Gabriel", "Jules", "Raphaël", "Élodie", "Amélie", "Mathis", "Clément", "Anaïs", "Noé", "Yasmine", "Karim"];

    private static readonly string[] EnglishFirstNames =
        ["Olivia", "Emma", "Amelia", "Isla", "Ava", "Mia", "Grace", "Lily", "Noah", "Oliver", "George", "Arthur", "Leo", "Harry", "Jack", "Oscar", "Sophie", "Ethan", "Chloe", "Daniel", "Priya", "Aisha", "Mateo", "Hannah"];

    private static readonly string[] LastInitials = [.. "ABCDEFGHIJKLMNOPRSTVW".Select(letter => $"{letter}.")];

    private static readonly (string Zone, string Country, string City, string Locale)[] Places =
    [
        ("Europe/Paris", "FR", "Paris", "fr"), ("Europe/Paris", "FR", "Lyon", "fr"), ("Europe/Paris", "FR", "Marseille", "fr"),
        ("Europe/Brussels", "BE", "Bruxelles", "fr"), ("Europe/Zurich", "CH", "Genève", "fr"), ("America/Toronto", "CA", "Montréal", "fr"),
        ("Africa/Casablanca", "MA", "Casablanca", "fr"), ("Europe/London", "GB", "London", "en"), ("Europe/London", "GB", "Manchester", "en"),
        ("America/New_York", "US", "New York", "en"), ("America/Chicago", "US", "Chicago", "en"), ("America/Los_Angeles", "US", "San Francisco", "en"),
        ("Australia/Sydney", "AU", "Sydney", "en"), ("Asia/Tokyo", "JP", "Tokyo", "en"), ("Europe/Dublin", "IE", "Dublin", "en"),
    ];

    private static readonly string[] ExtraLanguages = ["es", "de", "it", "pt", "ar", "ja", "nl"];

    public static Guid UserIdOf(int seed, int index)
    {
        // Deterministic, shaped like a version-8 (custom) UUID so it is never mistaken for a real account's v7 id.
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"skillswap-demo-{seed}-{index}"))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public ProfileDocument Person(int index, DateTimeOffset now)
    {
        // Not HashCode.Combine: it is salted per process, and the same person must come out in every process.
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var place = Places[random.Next(Places.Length)];
        var french = place.Locale == "fr";
        var firstNames = french ? FrenchFirstNames : EnglishFirstNames;
        var displayName = $"{firstNames[random.Next(firstNames.Length)]} {LastInitials[random.Next(LastInitials.Length)]}";
        var languages = new List<string> { place.Locale };
        if (random.NextDouble() < 0.6)
        {
            languages.Add(french ? "en" : "fr");
        }
        if (random.NextDouble() < 0.3)
        {
            var extra = ExtraLanguages[random.Next(ExtraLanguages.Length)];
            if (!languages.Contains(extra))
            {
                languages.Add(extra);
            }
        }

        var offered = new List<OfferedSkill>();
        foreach (var skill in PickSkills(random, 1 + random.Next(3), exclude: []))
        {
            offered.Add(new OfferedSkill(skill.Id, skill.Label(place.Locale), 2 + random.Next(4), 1 + random.Next(15), null));
        }
        var wanted = new List<WantedSkill>();
        foreach (var skill in PickSkills(random, 1 + random.Next(3), exclude: [.. offered.Select(o => o.SkillId!)]))
        {
            wanted.Add(new WantedSkill(skill.Id, skill.Label(place.Locale), 1 + random.Next(4), null));
        }

        var roles = new List<ProfileRole> { ProfileRole.Learner, ProfileRole.Teacher };
        if (offered.Any(skill => skill.Level >= 4) && random.NextDouble() < 0.3)
        {
            roles.Add(ProfileRole.Mentor);
        }
        var rated = random.NextDouble() < 0.4;
        var average = Math.Round(3.2 + random.NextDouble() * 1.8, 1);
        var reviews = 1 + random.Next(25);
        var userId = UserIdOf(seed, index);
        return new ProfileDocument
        {
            Id = ProfileDocument.IdFor(userId),
            UserId = userId,
            DisplayName = displayName,
            Bio = Bio(random, french, offered, wanted),
            Locale = place.Locale,
            Languages = languages,
            TimeZone = place.Zone,
            Location = new ProfileLocation(place.City, place.Country),
            Roles = roles,
            Visibility = random.NextDouble() < 0.85 ? ProfileVisibility.Public : ProfileVisibility.MatchesOnly,
            Availability = Availability(random),
            SessionFormats = random.NextDouble() switch
            {
                < 0.5 => [SessionFormat.Online],
                < 0.8 => [SessionFormat.Online, SessionFormat.InPerson],
                _ => [SessionFormat.InPerson],
            },
            Offered = offered,
            Wanted = wanted,
            // The Bayesian average pulls towards the platform mean (3.8) with the weight of 5 reviews.
            Trust = rated ? new ProfileTrust(average, Math.Round((average * reviews + 3.8 * 5) / (reviews + 5), 2), reviews, reviews + random.Next(10)) : null,
            CreatedAt = now.AddDays(-random.Next(400)),
            UpdatedAt = now.AddDays(-random.Next(90)),
        };
    }

    /// <summary>A Zipf-like pick: the first skills of each category (the common ones) come up more often.</summary>
    private IEnumerable<CatalogueSkill> PickSkills(Random random, int count, IReadOnlyCollection<string> exclude)
    {
        var picked = new List<CatalogueSkill>();
        while (picked.Count < count)
        {
            var category = catalogue.Categories[random.Next(catalogue.Categories.Count)];
            var inCategory = catalogue.Skills.Where(skill => skill.Category == category.Id).ToList();
            var skill = inCategory[(int)Math.Floor(Math.Pow(random.NextDouble(), 2) * inCategory.Count)];
            if (!exclude.Contains(skill.Id) && !picked.Contains(skill))
            {
                picked.Add(skill);
            }
        }
        return picked;
    }

    private static List<WeeklySlot> Availability(Random random)
    {
        var slots = new List<WeeklySlot>();
        var days = Enum.GetValues<DayOfWeek>().OrderBy(_ => random.Next()).Take(2 + random.Next(3)).Order();
        foreach (var day in days)
        {
            var weekend = day is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var startHour = weekend ? 9 + random.Next(8) : 17 + random.Next(4);
            slots.Add(new WeeklySlot(day, startHour * 60, Math.Min(24 * 60, (startHour + 1 + random.Next(3)) * 60)));
        }
        return slots;
    }

    private static string Bio(Random random, bool french, IReadOnlyList<OfferedSkill> offered, IReadOnlyList<WantedSkill> wanted)
    {
        var teaches = string.Join(french ? " et " : " and ", offered.Select(skill => skill.Label.ToLowerInvariant()));
        var learns = string.Join(french ? " et " : " and ", wanted.Select(skill => skill.Label.ToLowerInvariant()));
        string[] openings = french
            ? ["Passionné(e) de {0}, j'aime transmettre.", "Je pratique {0} depuis des années.", "{0} : c'est ce que je partage volontiers."]
            : ["I love sharing {0}.", "I've practised {0} for years.", "Happy to help with {0}."];
        var closing = french ? $" J'aimerais apprendre {learns}." : $" I'd like to learn {learns}.";
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, openings[random.Next(openings.Length)], teaches) + closing;
    }
}
