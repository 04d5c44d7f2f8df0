using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Matching;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Skills;
using SkillSwap.Profiles.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests;

/// <summary>
/// Search, matches and blocks through the HTTP API, with the index kept up to date by the service's own events:
/// who may find or see whom, and what bad input gets.
/// </summary>
[Collection(ProfilesCollection.Name)]
public sealed class DiscoveryApiTests(ProfilesApp app)
{
    /// <summary>A word no other test uses, so searches for it see only this test's people.</summary>
    private static string UniqueSkill() => "Zq" + Guid.NewGuid().ToString("N")[..8];

    private async Task<Guid> PersonAsync(
        string name, string visibility, (string Skill, int Level)[] offers, (string Skill, int Level)[] wants, string locale = "en")
    {
        var userId = await app.RegisterUserAsync(name, locale);
        var client = app.ClientFor(userId);
        await (await client.PutMeAsync(ProfileRequests.ValidEdit() with { DisplayName = name, Visibility = visibility, Locale = locale }, "\"1\""))
            .ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        var skills = new UpdateSkillsRequest(
            [.. offers.Select(offer => new OfferedSkillRequest(offer.Skill, offer.Level, null, null))],
            [.. wants.Select(want => new WantedSkillRequest(want.Skill, want.Level, null))],
            Version: 2);
        await (await client.PutAsJsonAsync(ProfileRequests.Me + "/skills", skills)).ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        await app.WaitUntilIndexedAsync(userId, entry => entry.Offered.Count == offers.Length && entry.DisplayName == name);
        return userId;
    }

    /// <summary>The search entry is written just before the profile's commit: the profile shows the same trust a moment later.</summary>
    private static async Task WaitForShownTrustAsync(HttpClient viewer, Guid userId, TrustResponse expected)
    {
        TrustResponse? shown = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            shown = (await (await viewer.GetAsync(ProfileRequests.Of(userId))).ReadAsync<PublicProfileResponse>(HttpStatusCode.OK)).Trust;
            return shown == expected;
        }, TimeSpan.FromSeconds(10), () => $"the profile shows {expected}, not {shown}");
    }

    private static async Task<List<Guid>> SearchAsync(HttpClient client, string query)
    {
        var page = await (await client.GetAsync($"{SearchApi.Route}?{query}")).ReadAsync<SearchApi.SearchResponse>(HttpStatusCode.OK);
        return [.. page.Items.Select(item => item.UserId)];
    }

    [Fact]
    public async Task Edits_reach_the_index_and_a_matches_only_profile_is_found_by_nobody_but_shown_to_its_matches()
    {
        var skill = UniqueSkill();
        var open = await PersonAsync("Open Teacher", "public", [(skill, 4)], [("spanish", 2)]);
        var hidden = await PersonAsync("Hidden Teacher", "matches-only", [(skill, 5)], [("spanish", 2)]);
        var match = await PersonAsync("Spanish Teacher", "public", [("spanish", 4)], [(skill, 2)]);
        var stranger = app.ClientFor(await PersonAsync("Stranger", "public", [("tennis", 2)], [("golf", 1)]));

        // Whoever teaches the skill comes first; whoever wants it comes after; the matches-only teacher never.
        Assert.Equal([open, match], await SearchAsync(stranger, $"q={skill}"));
        Assert.Equal([open], await SearchAsync(app.ClientFor(match), $"q={skill.ToLowerInvariant()}"));
        await (await stranger.GetAsync(ProfileRequests.Of(hidden))).AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
        // Wants what the hidden teacher teaches and offers nothing they want: a one-sided match, which opens nothing.
        var eager = app.ClientFor(await PersonAsync("Eager Learner", "public", [("tennis", 2)], [(skill, 1)]));
        await (await eager.GetAsync(ProfileRequests.Of(hidden))).AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
        var shown = await (await app.ClientFor(match).GetAsync(ProfileRequests.Of(hidden))).ReadAsync<PublicProfileResponse>(HttpStatusCode.OK);
        Assert.Equal("Hidden Teacher", shown.DisplayName);

        var matches = await (await app.ClientFor(match).GetAsync(MatchingApi.Route)).ReadAsync<MatchingApi.MatchesResponse>(HttpStatusCode.OK);
        var hiddenAsMatch = Assert.Single(matches.Items, item => item.UserId == hidden);
        Assert.True(hiddenAsMatch.Reciprocal);
        Assert.Contains($"teaches {skill} at level 5", hiddenAsMatch.Summary);
        Assert.Contains("wants your Spanish", hiddenAsMatch.Summary);

        // The first list with someone in it is a step of the newcomer's journey, announced once for the KPIs.
        var firstShown = await app.Probe.WaitForAsync<FirstMatchesShown>(e => e.UserId == match);
        Assert.Equal(matches.Items.Count, firstShown.Count);
        await (await app.ClientFor(match).GetAsync(MatchingApi.Route)).ReadAsync<MatchingApi.MatchesResponse>(HttpStatusCode.OK);
        await Assert.ThrowsAsync<TimeoutException>(() => app.Probe.WaitForAsync<FirstMatchesShown>(e => e.UserId == match, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_skills_change_announces_a_new_two_sided_match_to_the_other_person_only()
    {
        var skill = UniqueSkill();
        var teacher = await PersonAsync("Waiting Teacher", "public", [(skill, 4)], [("portuguese", 2)]);
        var oneSided = await PersonAsync("One Sided", "public", [("tennis", 3)], [("portuguese", 1)]);
        var newcomer = await PersonAsync("Newcomer", "public", [("portuguese", 5)], [(skill, 2)]);

        var announced = await app.Probe.WaitForAsync<MatchFound>(found => found.MatchedUserId == newcomer);
        Assert.Equal((teacher, "Portuguese"), (announced.UserId, announced.SkillLabel));
        Assert.True(announced.Score > 0);
        // Ordering witness: the newcomer's announcements were all published in one commit, so nothing else comes for them.
        await Assert.ThrowsAsync<TimeoutException>(() => app.Probe.WaitForAsync<MatchFound>(
            found => found.MatchedUserId == newcomer && found.UserId == oneSided, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Catalogue_skills_are_named_in_the_readers_language_wherever_they_read_them()
    {
        // Léa added her skills in French; Emma reads in English, Hugo in French. Nobody else here plays these.
        var lea = await PersonAsync("Léa Accordéon", "public", [("accordéon", 4)], [("clarinette", 2)], locale: "fr");
        var emma = await PersonAsync("Emma Clarinet", "public", [("clarinet", 4)], [("accordion", 2)], locale: "en");
        var hugo = await PersonAsync("Hugo Clarinette", "public", [("clarinet", 4)], [("accordion", 2)], locale: "fr");
        var english = app.ClientFor(emma);
        var french = app.ClientFor(hugo);

        var forEmma = Assert.Single((await (await english.GetAsync(MatchingApi.Route)).ReadAsync<MatchingApi.MatchesResponse>(HttpStatusCode.OK)).Items,
            item => item.UserId == lea);
        Assert.Contains("teaches Accordion at level 4", forEmma.Summary);
        Assert.Contains("wants your Clarinet", forEmma.Summary);
        Assert.Equal("Accordion", Assert.Single(forEmma.Offered).Label);
        var forHugo = Assert.Single((await (await french.GetAsync(MatchingApi.Route)).ReadAsync<MatchingApi.MatchesResponse>(HttpStatusCode.OK)).Items,
            item => item.UserId == lea);
        Assert.Contains("enseigne Accordéon au niveau 4", forHugo.Summary);
        Assert.Contains("veut apprendre votre Clarinette", forHugo.Summary);

        var foundByEmma = Assert.Single((await (await english.GetAsync($"{SearchApi.Route}?q=accordion")).ReadAsync<SearchApi.SearchResponse>(HttpStatusCode.OK)).Items,
            item => item.UserId == lea);
        Assert.Equal((lea, "Accordion", "Clarinet"), (foundByEmma.UserId, Assert.Single(foundByEmma.Offered).Label, Assert.Single(foundByEmma.Wanted).Label));
        var foundByHugo = Assert.Single((await (await french.GetAsync($"{SearchApi.Route}?q=accordeon")).ReadAsync<SearchApi.SearchResponse>(HttpStatusCode.OK)).Items,
            item => item.UserId == lea);
        Assert.Equal((lea, "Accordéon", "Clarinette"), (foundByHugo.UserId, Assert.Single(foundByHugo.Offered).Label, Assert.Single(foundByHugo.Wanted).Label));

        var profileForEmma = await (await english.GetAsync(ProfileRequests.Of(lea))).ReadAsync<PublicProfileResponse>(HttpStatusCode.OK);
        Assert.Equal(("Accordion", "Clarinet"), (Assert.Single(profileForEmma.Offered).Label, Assert.Single(profileForEmma.Wanted).Label));
        var profileForHugo = await (await french.GetAsync(ProfileRequests.Of(lea))).ReadAsync<PublicProfileResponse>(HttpStatusCode.OK);
        Assert.Equal(("Accordéon", "Clarinette"), (Assert.Single(profileForHugo.Offered).Label, Assert.Single(profileForHugo.Wanted).Label));

        // Emma's arrival was announced to Léa, for her notification and email, in Léa's French.
        var announced = await app.Probe.WaitForAsync<MatchFound>(found => found.MatchedUserId == emma && found.UserId == lea);
        Assert.Equal("Clarinette", announced.SkillLabel);
    }

    [Fact]
    public async Task A_block_hides_both_people_from_each_other_everywhere_until_it_is_lifted()
    {
        var skill = UniqueSkill();
        var blocker = await PersonAsync("Blocker", "public", [(skill, 3)], [("spanish", 2)]);
        var blocked = await PersonAsync("Blocked", "public", [("spanish", 4)], [(skill, 2)]);
        var blockerClient = app.ClientFor(blocker);
        var blockedClient = app.ClientFor(blocked);
        Assert.Equal([blocker], await SearchAsync(blockedClient, $"q={skill}"));

        (await blockerClient.PutAsync($"{ProfilesApi.RoutePrefix}/me/blocked-users/{blocked}", null)).EnsureSuccessStatusCode();

        await app.Probe.WaitForAsync<UserBlocked>(e => e.BlockerId == blocker && e.BlockedId == blocked);
        await app.WaitUntilIndexedAsync(blocker, entry => entry.BlockedUserIds.Contains(blocked));
        Assert.Empty(await SearchAsync(blockedClient, $"q={skill}"));
        Assert.DoesNotContain(blocked, await SearchAsync(blockerClient, "q=spanish&limit=50"));
        await (await blockedClient.GetAsync(ProfileRequests.Of(blocker))).AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
        await (await blockerClient.GetAsync(ProfileRequests.Of(blocked))).AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
        var blockedMatches = await (await blockedClient.GetAsync(MatchingApi.Route)).ReadAsync<MatchingApi.MatchesResponse>(HttpStatusCode.OK);
        Assert.DoesNotContain(blockedMatches.Items, item => item.UserId == blocker);
        var list = await (await blockerClient.GetAsync($"{ProfilesApi.RoutePrefix}/me/blocked-users")).ReadAsync<Blocking.BlockingApi.BlockedUsersResponse>(HttpStatusCode.OK);
        Assert.Equal([blocked], list.UserIds);

        (await blockerClient.DeleteAsync($"{ProfilesApi.RoutePrefix}/me/blocked-users/{blocked}")).EnsureSuccessStatusCode();

        await app.WaitUntilIndexedAsync(blocker, entry => entry.BlockedUserIds.Count == 0);
        Assert.Equal([blocker], await SearchAsync(blockedClient, $"q={skill}"));
    }

    [Fact]
    public async Task A_dismissed_suggestion_is_not_suggested_again_but_stays_findable()
    {
        var skill = UniqueSkill();
        var me = await PersonAsync("Dismisser", "public", [(skill, 3)], [("chess", 2)]);
        var other = await PersonAsync("Chess Player", "public", [("chess", 4)], [(skill, 2)]);
        var client = app.ClientFor(me);
        var before = await (await client.GetAsync(MatchingApi.Route)).ReadAsync<MatchingApi.MatchesResponse>(HttpStatusCode.OK);
        Assert.Contains(before.Items, item => item.UserId == other);

        (await client.PutAsync($"{MatchingApi.Route}/dismissed/{other}", null)).EnsureSuccessStatusCode();

        var after = await (await client.GetAsync(MatchingApi.Route)).ReadAsync<MatchingApi.MatchesResponse>(HttpStatusCode.OK);
        Assert.DoesNotContain(after.Items, item => item.UserId == other);
        Assert.Contains(other, await SearchAsync(client, $"q={skill}+chess&limit=50"));
    }

    [Fact]
    public async Task A_rating_from_reviews_reaches_the_profile_and_the_index()
    {
        var userId = await PersonAsync("Rated Teacher", "public", [(UniqueSkill(), 3)], [("piano", 1)]);

        await app.PublishAsync(new UserRatingChanged(userId, 4.75, 4.4, 8, 11));

        await app.WaitUntilIndexedAsync(userId, entry => entry.ReviewCount == 8 && entry.BayesianRating == 4.4);
        await WaitForShownTrustAsync(app.ClientFor(Guid.CreateVersion7()), userId, new TrustResponse(4.8, 8, 11, 0, 0));
    }

    [Fact]
    public async Task A_person_one_can_see_is_reported_once_with_the_profile_as_it_read_and_nobody_else_can_be()
    {
        var reported = await PersonAsync("Too Good To Be True", "public", [(UniqueSkill(), 5)], [("chess", 1)]);
        var hidden = await PersonAsync("Hidden Person", "matches-only", [(UniqueSkill(), 5)], [("chess", 1)]);
        var reporter = Guid.CreateVersion7();
        var client = app.ClientFor(reporter);
        var path = $"{ProfileRequests.Of(reported)}/report";

        var first = await (await client.PostAsJsonAsync(path, new { reason = "  Asks everyone for money  " }))
            .ReadAsync<Reporting.ProfileReportAccepted>(HttpStatusCode.Accepted);
        var again = await (await client.PostAsJsonAsync(path, new { reason = "Still asking" }))
            .ReadAsync<Reporting.ProfileReportAccepted>(HttpStatusCode.Accepted);

        Assert.Equal(first.ReportId, again.ReportId);
        var report = await app.Probe.WaitForAsync<ProfileReported>(e => e.ReportId == first.ReportId);
        Assert.Equal((reported, reporter, "Too Good To Be True", "Asks everyone for money"), (report.UserId, report.ReporterId, report.DisplayName, report.Reason));
        // Nobody reports a profile they cannot see (the same 404 as reading it), nor their own; a reason is required.
        await (await client.PostAsJsonAsync($"{ProfileRequests.Of(hidden)}/report", new { reason = "Fake" })).AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
        await (await client.PostAsJsonAsync($"{ProfileRequests.Of(Guid.CreateVersion7())}/report", new { reason = "Fake" })).AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
        await (await app.ClientFor(reported).PostAsJsonAsync(path, new { reason = "Me" })).AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
        await (await client.PostAsJsonAsync($"{ProfileRequests.Of(hidden)}/report", new { reason = "" })).AssertValidationProblemAsync("reason");
        await (await client.PostAsJsonAsync(path, new { reason = new string('x', 501) })).AssertValidationProblemAsync("reason");
        await Assert.ThrowsAsync<TimeoutException>(() => app.Probe.WaitForAsync<ProfileReported>(e => e.UserId == hidden, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task A_sanctioned_person_leaves_search_and_matches_stays_out_when_rated_and_returns_when_the_sanction_ends()
    {
        var skill = UniqueSkill();
        var sanctioned = await PersonAsync("Sanctioned Teacher", "public", [(skill, 4)], [("chess", 2)]);
        var searcher = await PersonAsync("Chess Learner", "public", [("chess", 4)], [(skill, 2)]);
        var client = app.ClientFor(searcher);
        Assert.Equal([sanctioned], await SearchAsync(client, $"q={skill}"));
        Assert.Contains((await (await client.GetAsync(MatchingApi.Route)).ReadAsync<MatchingApi.MatchesResponse>(HttpStatusCode.OK)).Items,
            item => item.UserId == sanctioned);
        var sanction = new AccountSanctioned(Guid.CreateVersion7(), sanctioned, AccountSanctioned.Ban, null, "Scams");

        await app.PublishAsync(sanction);
        await app.WaitUntilHandledAsync(sanction);

        Assert.Null(await app.IndexEntryAsync(sanctioned));
        Assert.Empty(await SearchAsync(client, $"q={skill}"));
        Assert.DoesNotContain((await (await client.GetAsync(MatchingApi.Route)).ReadAsync<MatchingApi.MatchesResponse>(HttpStatusCode.OK)).Items,
            item => item.UserId == sanctioned);
        // A rating arriving meanwhile re-indexes nobody; neither does a lift of an older sanction (one this ban replaced).
        var rating = new UserRatingChanged(sanctioned, 5.0, 4.5, 3, 3);
        var staleLift = new AccountSanctionLifted(Guid.CreateVersion7(DateTimeOffset.UtcNow.AddDays(-1)), sanctioned, AccountSanctionLifted.Expired);
        await app.PublishAsync(rating);
        await app.PublishAsync(staleLift);
        await app.WaitUntilHandledAsync(rating);
        await app.WaitUntilHandledAsync(staleLift);
        Assert.Null(await app.IndexEntryAsync(sanctioned));

        var lift = new AccountSanctionLifted(sanction.SanctionId, sanctioned, AccountSanctionLifted.Lifted);
        await app.PublishAsync(lift);
        await app.WaitUntilHandledAsync(lift);

        Assert.Equal([sanctioned], await SearchAsync(client, $"q={skill}"));
        Assert.Equal(3, (await app.IndexEntryAsync(sanctioned))!.ReviewCount);
    }

    [Fact]
    public async Task A_sanction_that_arrives_after_its_lift_leaves_the_person_in_search()
    {
        var skill = UniqueSkill();
        var reprieved = await PersonAsync("Reprieved Teacher", "public", [(skill, 4)], [("chess", 2)]);
        var client = app.ClientFor(await PersonAsync("Another Chess Learner", "public", [("chess", 4)], [(skill, 2)]));
        var sanction = new AccountSanctioned(Guid.CreateVersion7(), reprieved, AccountSanctioned.Suspension, DateTimeOffset.UtcNow.AddDays(7), "Spam");
        var lift = new AccountSanctionLifted(sanction.SanctionId, reprieved, AccountSanctionLifted.Lifted);

        // A retry delivered the lift first.
        await app.PublishAsync(lift);
        await app.WaitUntilHandledAsync(lift);
        await app.PublishAsync(sanction);
        await app.WaitUntilHandledAsync(sanction);

        Assert.NotNull(await app.IndexEntryAsync(reprieved));
        Assert.Equal([reprieved], await SearchAsync(client, $"q={skill}"));
    }

    [Fact]
    public async Task A_bio_moderators_removed_is_gone_from_the_profile_and_search_and_readers_are_told_until_its_owner_writes_anew()
    {
        var skill = UniqueSkill();
        var owner = await PersonAsync("Bio Owner", "public", [(skill, 4)], [("chess", 2)]);
        var reader = app.ClientFor(Guid.CreateVersion7());
        var ownerClient = app.ClientFor(owner);
        var removal = new ContentRemoved(Guid.CreateVersion7(), ContentRemoved.ProfileBio, owner.ToString(), owner, "Payment outside the platform");

        await app.PublishAsync(removal);
        await app.WaitUntilHandledAsync(removal);

        var shown = await (await reader.GetAsync(ProfileRequests.Of(owner))).ReadAsync<PublicProfileResponse>(HttpStatusCode.OK);
        Assert.Equal(("", true), (shown.Bio, shown.BioRemovedByModeration));
        Assert.Equal("", (await app.IndexEntryAsync(owner))!.Bio);
        Assert.Equal([owner], await SearchAsync(reader, $"q={skill}"));
        // An edit made from the profile as it read before (its version) cannot bring the old bio back.
        await (await ownerClient.PutMeAsync(ProfileRequests.ValidEdit() with { DisplayName = "Bio Owner" }, "\"3\""))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed, "version-conflict");
        Assert.True((await (await ownerClient.GetAsync(ProfileRequests.Me)).ReadAsync<ProfileResponse>(HttpStatusCode.OK)).BioRemovedByModeration);

        var rewritten = await (await ownerClient.PutMeAsync(ProfileRequests.ValidEdit() with { DisplayName = "Bio Owner", Bio = "Chess coach, lessons here only." }, "\"4\""))
            .ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        Assert.Equal(("Chess coach, lessons here only.", false), (rewritten.Bio, rewritten.BioRemovedByModeration));
    }

    [Fact]
    public async Task An_older_rating_delivered_after_a_newer_one_is_ignored()
    {
        var userId = await PersonAsync("Re-rated Teacher", "public", [(UniqueSkill(), 3)], [("piano", 1)]);

        var newer = new UserRatingChanged(userId, 4.0, 4.0, 2, 2) { RatingVersion = 3 };
        await app.PublishAsync(newer);
        await app.WaitUntilHandledAsync(newer);
        // Version 2 was retried and arrives late: it changes nothing.
        var older = new UserRatingChanged(userId, 5.0, 4.17, 1, 2) { RatingVersion = 2 };
        await app.PublishAsync(older);
        await app.WaitUntilHandledAsync(older);
        var client = app.ClientFor(Guid.CreateVersion7());
        var unchanged = await (await client.GetAsync(ProfileRequests.Of(userId))).ReadAsync<PublicProfileResponse>(HttpStatusCode.OK);
        Assert.Equal(new TrustResponse(4.0, 2, 2, 0, 0), unchanged.Trust);

        await app.PublishAsync(new UserRatingChanged(userId, 3.67, 3.88, 3, 3) { RatingVersion = 4 });
        await app.WaitUntilIndexedAsync(userId, entry => entry.ReviewCount == 3);
        await WaitForShownTrustAsync(client, userId, new TrustResponse(3.7, 3, 3, 0, 0));
    }

    [Fact]
    public async Task Late_cancellations_and_no_shows_from_sessions_are_shown_and_lower_the_match_score()
    {
        var skill = UniqueSkill();
        var learner = await PersonAsync("Reliability Learner", "public", [("piano", 3)], [(skill, 2)]);
        var reliable = await PersonAsync("Reliable Teacher", "public", [(skill, 4)], [("piano", 1)]);
        var absent = await PersonAsync("Absent Teacher", "public", [(skill, 4)], [("piano", 1)]);

        await app.PublishAsync(new UserReliabilityChanged(absent, 3, 2, 1));

        await app.WaitUntilIndexedAsync(absent, entry => entry.NoShows == 1 && entry.LateCancellations == 2 && entry.CompletedSessions == 3);
        await WaitForShownTrustAsync(app.ClientFor(Guid.CreateVersion7()), absent, new TrustResponse(null, 0, 3, 2, 1));
        var matches = await (await app.ClientFor(learner).GetAsync(MatchingApi.Route)).ReadAsync<MatchingApi.MatchesResponse>(HttpStatusCode.OK);
        var reliableMatch = matches.Items.Single(item => item.UserId == reliable);
        var absentMatch = matches.Items.Single(item => item.UserId == absent);
        Assert.True(reliableMatch.Score > absentMatch.Score, $"{reliableMatch.Score} vs {absentMatch.Score}");
        Assert.Contains(absentMatch.Reasons, reason => reason.Code == "reliability");
    }

    [Theory]
    [InlineData("minLevel=9", "minLevel")]
    [InlineData("minRating=0", "minRating")]
    [InlineData("limit=51", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("format=boat", "format")]
    [InlineData("language=french", "language")]
    [InlineData("skill=underwater-basket-weaving", "skill")]
    [InlineData("category=nope", "category")]
    [InlineData("day=funday&from=10:00", "day")]
    [InlineData("day=monday&from=25:00", "from")]
    [InlineData("day=monday&from=12:00&to=11:00", "from")]
    public async Task Bad_search_parameters_get_a_validation_problem(string query, string field)
    {
        var response = await app.ClientFor(Guid.CreateVersion7()).GetAsync($"{SearchApi.Route}?{query}");
        await response.AssertValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("mode=everyone", "mode")]
    [InlineData("limit=0", "limit")]
    public async Task Bad_match_parameters_get_a_validation_problem(string query, string field)
    {
        var userId = await app.RegisterUserAsync();
        var response = await app.ClientFor(userId).GetAsync($"{MatchingApi.Route}?{query}");
        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task Blocking_or_dismissing_oneself_is_refused_and_changes_nothing()
    {
        var userId = await app.RegisterUserAsync();
        var client = app.ClientFor(userId);
        var before = await app.FingerprintAsync();

        await (await client.PutAsync($"{ProfilesApi.RoutePrefix}/me/blocked-users/{userId}", null)).AssertValidationProblemAsync("userId");
        await (await client.PutAsync($"{MatchingApi.Route}/dismissed/{userId}", null)).AssertValidationProblemAsync("userId");

        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task The_rebuild_command_restores_lost_entries_and_drops_stale_ones()
    {
        var userId = await PersonAsync("Rebuilt", "public", [(UniqueSkill(), 3)], [("piano", 1)]);
        var search = app.Services.GetRequiredService<IProfileSearch>();
        await search.RemoveAsync(userId, CancellationToken.None);
        var ghost = People.Person("Ghost");
        await search.IndexAsync(ghost);

        var (indexed, removed) = await app.Services.GetRequiredService<RebuildSearchIndex>().RunAsync(CancellationToken.None);

        Assert.True(indexed >= 1 && removed >= 1);
        Assert.Equal("Rebuilt", (await app.IndexEntryAsync(userId))?.DisplayName);
        Assert.Null(await app.IndexEntryAsync(ghost.UserId));
    }
}
