using SkillSwap.Profiles.Matching;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Tests.Infrastructure;
using static SkillSwap.Profiles.Tests.Infrastructure.People;

namespace SkillSwap.Profiles.Tests.Matching;

/// <summary>
/// Matching on a designed population (PostgreSQL adapter, real embedding model): the known best reciprocal pairs
/// come first, one-sided fits rank below two-sided ones, and blocked or dismissed people never appear.
/// </summary>
public sealed class MatchingQualityTests(PostgresSearchIndex index) : IClassFixture<PostgresSearchIndex>
{
    private static readonly WeeklySlot[] Evenings =
        [Slot(DayOfWeek.Monday, 18, 21), Slot(DayOfWeek.Tuesday, 18, 21), Slot(DayOfWeek.Wednesday, 18, 21)];

    private MatchFinder Finder => new(index.Search, SkillModel.Projection, SkillModel.Vectors, SkillModel.Catalogue, TimeProvider.System);

    /// <summary>Someone who teaches Spanish and wants Python, in Madrid, free on weekday evenings.</summary>
    private static ProfileDocument Me() => Person("Me", offers: [("spanish", 4)], wants: [("python", 3)], languages: ["es", "en"],
        timeZone: "Europe/Madrid", availability: Evenings);

    [Fact]
    public async Task The_best_reciprocal_pair_comes_first_and_one_sided_fits_rank_below_every_two_sided_one()
    {
        var me = Me();
        var best = Person("Best Pair", offers: [("python", 4)], wants: [("spanish", 2)], timeZone: "Europe/London", availability: Evenings, rating: 4.6);
        var weakerLevel = Person("Python Beginner", offers: [("python", 2)], wants: [("spanish", 2)], timeZone: "Europe/Paris", availability: Evenings);
        var noOverlap = Person("Night Owl", offers: [("python", 4)], wants: [("spanish", 2)], timeZone: "Asia/Tokyo",
            availability: [Slot(DayOfWeek.Saturday, 9, 10)]);
        var noLanguage = Person("Other Tongue", offers: [("python", 4)], wants: [("spanish", 2)], languages: ["ja"], availability: Evenings);
        var oneSidedStar = Person("One-sided Star", offers: [("python", 5)], wants: [("tennis", 3)], availability: Evenings, rating: 5.0);
        var wantsOnly = Person("Wants Spanish Only", offers: [("tennis", 4)], wants: [("spanish", 1)], availability: Evenings);
        var unrelated = Person("Unrelated", offers: [("tennis", 4)], wants: [("golf", 2)], availability: Evenings);
        await index.Search.IndexAsync(best, weakerLevel, noOverlap, noLanguage, oneSidedStar, wantsOnly, unrelated);

        var matches = (await Finder.FindAsync(me, MatchMode.Reciprocal, 20, CancellationToken.None))
            .Where(match => new[] { best, weakerLevel, noOverlap, noLanguage, oneSidedStar, wantsOnly, unrelated }.Any(p => p.UserId == match.Candidate.UserId))
            .ToList();
        var order = matches.Select(match => match.Candidate.DisplayName).ToList();

        Assert.Equal("Best Pair", order[0]);
        var lastTwoSided = matches.FindLastIndex(match => match.TwoSided);
        var firstOneSided = matches.FindIndex(match => !match.TwoSided);
        Assert.True(lastTwoSided < firstOneSided, $"two-sided before one-sided: {string.Join(", ", order)}");
        Assert.Equal(4, matches.Count(match => match.TwoSided));
        Assert.Contains("One-sided Star", order);
        Assert.Contains("Wants Spanish Only", order);
        Assert.DoesNotContain("Unrelated", order);
        // Each weakness costs rank: a lower level, no common time, no common language.
        Assert.True(order.IndexOf("Best Pair") < order.IndexOf("Python Beginner"));
        Assert.True(order.IndexOf("Best Pair") < order.IndexOf("Night Owl"));
        Assert.True(order.IndexOf("Night Owl") < order.IndexOf("Other Tongue") || order.IndexOf("Python Beginner") < order.IndexOf("Other Tongue"));

        var reasons = matches[0].Reasons.Select(reason => reason.Text).ToList();
        Assert.Contains("teaches Python at level 4", reasons);
        Assert.Contains("wants your Spanish", reasons);
        Assert.Contains(reasons, reason => reason.EndsWith("h/week overlap", StringComparison.Ordinal));
        Assert.Contains("speaks English", reasons);
    }

    [Fact]
    public async Task Related_skills_match_by_meaning_below_the_same_skill()
    {
        var me = Person("Learner", offers: [("french", 4)], wants: [("guitar", 2)]);
        var same = Person("Guitarist", offers: [("guitar", 3)], wants: [("french", 1)]);
        var related = Person("Ukulele Player", offers: [("ukulele", 3)], wants: [("french", 1)]);
        await index.Search.IndexAsync(same, related);

        var matches = await Finder.FindAsync(me, MatchMode.Reciprocal, 20, CancellationToken.None);
        var names = matches.Select(match => match.Candidate.DisplayName).ToList();

        Assert.True(names.IndexOf("Guitarist") >= 0 && names.IndexOf("Guitarist") < names.IndexOf("Ukulele Player"),
            $"guitar before ukulele, both found: {string.Join(", ", names)}");
        var relatedReason = matches.Single(match => match.Candidate.UserId == related.UserId).Reasons[0].Text;
        Assert.Equal("teaches Ukulele at level 3, close to your Guitar", relatedReason);
    }

    [Fact]
    public async Task Blocked_people_in_either_direction_and_dismissed_ones_never_appear()
    {
        var me = Me();
        var iBlocked = Person("I Blocked", offers: [("python", 5)], wants: [("spanish", 1)], availability: Evenings);
        var blockedMe = Person("Blocked Me", offers: [("python", 5)], wants: [("spanish", 1)], availability: Evenings);
        blockedMe.BlockedUserIds.Add(me.UserId);
        var dismissed = Person("Dismissed", offers: [("python", 5)], wants: [("spanish", 1)], availability: Evenings);
        var kept = Person("Kept", offers: [("python", 3)], wants: [("spanish", 1)]);
        me.BlockedUserIds.Add(iBlocked.UserId);
        me.DismissedUserIds.Add(dismissed.UserId);
        await index.Search.IndexAsync(iBlocked, blockedMe, dismissed, kept);

        var reciprocal = await Finder.FindAsync(me, MatchMode.Reciprocal, 50, CancellationToken.None);
        var ids = reciprocal.Select(match => match.Candidate.UserId).ToList();

        Assert.Contains(kept.UserId, ids);
        Assert.DoesNotContain(iBlocked.UserId, ids);
        Assert.DoesNotContain(blockedMe.UserId, ids);
        Assert.DoesNotContain(dismissed.UserId, ids);
        Assert.False(await Finder.AreMatchedAsync(me, iBlocked, CancellationToken.None));
        Assert.False(await Finder.AreMatchedAsync(me, blockedMe, CancellationToken.None));
        Assert.True(await Finder.AreMatchedAsync(me, kept, CancellationToken.None));
    }

    [Fact]
    public async Task Mentor_mode_is_one_sided_and_only_proposes_mentors()
    {
        var mentee = Person("Mentee", wants: [("public-speaking", 4)], roles: [ProfileRole.Learner]);
        var mentor = Person("Mentor", offers: [("public-speaking", 5)], roles: [ProfileRole.Mentor, ProfileRole.Teacher]);
        var teacherOnly = Person("Teacher Only", offers: [("public-speaking", 5)], roles: [ProfileRole.Teacher]);
        var juniorMentor = Person("Junior Mentor", offers: [("public-speaking", 2)], roles: [ProfileRole.Mentor]);
        await index.Search.IndexAsync(mentor, teacherOnly, juniorMentor);

        var matches = await Finder.FindAsync(mentee, MatchMode.Mentor, 20, CancellationToken.None);
        var names = matches.Select(match => match.Candidate.DisplayName).ToList();

        Assert.Equal("Mentor", names[0]);
        Assert.Contains("Junior Mentor", names);
        Assert.DoesNotContain("Teacher Only", names);
        Assert.True(matches[0].Score > matches.Single(match => match.Candidate.UserId == juniorMentor.UserId).Score);
    }

    [Fact]
    public async Task Someone_with_no_skills_gets_no_suggestions_rather_than_everyone()
    {
        var matches = await Finder.FindAsync(Person("Blank"), MatchMode.Reciprocal, 20, CancellationToken.None);
        Assert.Empty(matches);
    }
}
