using System.Net;
using System.Text.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests;

/// <summary>PUT /me replaces the editable fields under optimistic concurrency and announces the change.</summary>
[Collection(ProfilesCollection.Name)]
public sealed class EditingTests(ProfilesApp app)
{
    [Fact]
    public async Task Editing_my_profile_stores_the_normalised_fields_and_publishes_ProfileUpdated()
    {
        var userId = await app.RegisterUserAsync();
        var client = app.ClientFor(userId);
        var edit = ProfileRequests.ValidEdit() with
        {
            DisplayName = "  Ana Lopez ",
            Bio = "Line one\r\nLine two <b>not markup</b>",
            Languages = ["FR", "en", "fr"],
            TimeZone = "America/Argentina/Buenos_Aires",
            Location = new LocationRequest(" Lyon ", "fr"),
            Roles = ["mentor", "teacher", "mentor"],
        };

        var response = await client.PutMeAsync(edit, "\"1\"");

        var updated = await response.ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        Assert.Equal("Ana Lopez", updated.DisplayName);
        Assert.Equal("Line one\nLine two <b>not markup</b>", updated.Bio);
        Assert.Equal("en", updated.Locale);
        Assert.Equal(["fr", "en"], updated.Languages);
        Assert.Equal("America/Argentina/Buenos_Aires", updated.TimeZone);
        Assert.Equal(new ProfileLocation("Lyon", "FR"), updated.Location);
        Assert.Equal(["mentor", "teacher"], updated.Roles);
        Assert.Equal("public", updated.Visibility);
        Assert.Equal(2, updated.Version);
        Assert.Equal("\"2\"", response.ETag()?.Tag);
        Assert.True(updated.UpdatedAt > updated.CreatedAt);
        var reread = await (await client.GetAsync(ProfileRequests.Me)).ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        Assert.Equal(JsonSerializer.Serialize(updated), JsonSerializer.Serialize(reread));

        var published = await app.Probe.WaitForAsync<ProfileUpdated>(e => e.UserId == userId);
        Assert.Equal("Ana Lopez", published.DisplayName);
        Assert.Equal(["fr", "en"], published.Languages);
        Assert.Equal("America/Argentina/Buenos_Aires", published.TimeZone);
        Assert.Equal("public", published.Visibility);
        Assert.Equal(updated.Version, published.ProfileVersion);
    }

    [Fact]
    public async Task The_version_can_come_in_the_body_instead_of_If_Match()
    {
        var userId = await app.RegisterUserAsync();
        var client = app.ClientFor(userId);

        var first = await client.PutMeAsync(ProfileRequests.ValidEdit(version: 1));
        var second = await client.PutMeAsync(ProfileRequests.ValidEdit(version: 2) with { Visibility = "matches-only" });

        Assert.Equal(2, (await first.ReadAsync<ProfileResponse>(HttpStatusCode.OK)).Version);
        var profile = await second.ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        Assert.Equal(3, profile.Version);
        Assert.Equal("matches-only", profile.Visibility);
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_the_newer_edit_is_kept()
    {
        var userId = await app.RegisterUserAsync();
        var alice = app.ClientFor(userId);
        var sameUserOtherDevice = app.ClientFor(userId);
        await (await alice.PutMeAsync(ProfileRequests.ValidEdit() with { DisplayName = "First" }, "\"1\"")).ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        var afterFirst = await app.FingerprintAsync();

        var staleHeader = await sameUserOtherDevice.PutMeAsync(ProfileRequests.ValidEdit() with { DisplayName = "Second" }, "\"1\"");
        var staleBody = await sameUserOtherDevice.PutMeAsync(ProfileRequests.ValidEdit(version: 1) with { DisplayName = "Second" });

        await staleHeader.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "version-conflict");
        await staleBody.AssertProblemAsync(HttpStatusCode.Conflict, "version-conflict");
        Assert.Equal(afterFirst, await app.FingerprintAsync());
        Assert.Equal("First", (await app.LoadProfileAsync(userId))!.DisplayName);
    }

    [Fact]
    public async Task Of_concurrent_edits_based_on_one_version_exactly_one_wins()
    {
        var userId = await app.RegisterUserAsync();
        var clients = Enumerable.Range(0, 6).Select(_ => app.ClientFor(userId)).ToList();

        var responses = await Task.WhenAll(clients.Select((client, i) =>
            client.PutMeAsync(ProfileRequests.ValidEdit() with { DisplayName = $"Writer {i}" }, "\"1\"")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await refused.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "version-conflict");
        }
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        var stored = await app.LoadProfileAsync(userId);
        Assert.Equal(2, stored!.Version);
        Assert.Equal(winner.DisplayName, stored.DisplayName);
    }

    [Fact]
    public async Task An_edit_without_a_version_or_with_an_unreadable_one_is_refused()
    {
        var userId = await app.RegisterUserAsync();
        var client = app.ClientFor(userId);
        var before = await app.FingerprintAsync();

        await (await client.PutMeAsync(ProfileRequests.ValidEdit())).AssertProblemAsync(HttpStatusCode.PreconditionRequired, "version-required");
        await (await client.PutMeAsync(ProfileRequests.ValidEdit(), "W/\"1\"")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-if-match");
        await (await client.PutMeAsync(ProfileRequests.ValidEdit(), "\"one\"")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-if-match");
        await (await client.PutMeAsync(ProfileRequests.ValidEdit(version: 2), "\"1\"")).AssertValidationProblemAsync("version");
        await (await client.PutMeAsync(ProfileRequests.ValidEdit(version: 0))).AssertValidationProblemAsync("version");

        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task If_Match_star_edits_whatever_the_current_version()
    {
        var userId = await app.RegisterUserAsync();
        var client = app.ClientFor(userId);
        await (await client.PutMeAsync(ProfileRequests.ValidEdit(), "\"1\"")).ReadAsync<ProfileResponse>(HttpStatusCode.OK);

        var response = await client.PutMeAsync(ProfileRequests.ValidEdit() with { DisplayName = "Overwritten" }, "*");

        Assert.Equal("Overwritten", (await response.ReadAsync<ProfileResponse>(HttpStatusCode.OK)).DisplayName);
    }

    [Fact]
    public async Task Editing_before_the_profile_exists_is_a_404_problem()
    {
        var response = await app.ClientFor(Guid.CreateVersion7()).PutMeAsync(ProfileRequests.ValidEdit(), "\"1\"");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
    }
}
