using System.Net;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests;

/// <summary>The profile is born from Identity's UserRegistered, once, whatever the broker redelivers.</summary>
[Collection(ProfilesCollection.Name)]
public sealed class RegistrationTests(ProfilesApp app)
{
    [Fact]
    public async Task A_registered_user_gets_an_empty_profile_with_display_name_and_locale()
    {
        var userId = await app.RegisterUserAsync("Chloé Martin", "fr");

        var response = await app.ClientFor(userId).GetAsync(ProfileRequests.Me);

        var profile = await response.ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        Assert.Equal(userId, profile.UserId);
        Assert.Equal("Chloé Martin", profile.DisplayName);
        Assert.Equal("fr", profile.Locale);
        Assert.Equal("", profile.Bio);
        Assert.Empty(profile.Languages);
        Assert.Empty(profile.Roles);
        Assert.Null(profile.TimeZone);
        Assert.Null(profile.Location);
        Assert.Equal("matches-only", profile.Visibility);
        Assert.Equal(1, profile.Version);
        Assert.Equal("\"1\"", response.ETag()?.Tag);
        Assert.Equal(TimeSpan.Zero, profile.CreatedAt.Offset);
        Assert.Equal(profile.CreatedAt, profile.UpdatedAt);
    }

    [Fact]
    public async Task Before_the_registration_event_arrives_my_profile_is_a_404_problem()
    {
        var response = await app.ClientFor(Guid.CreateVersion7()).GetAsync(ProfileRequests.Me);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
    }

    [Fact]
    public async Task A_redelivered_or_repeated_registration_never_resets_an_edited_profile()
    {
        var userId = Guid.CreateVersion7();
        var registered = new UserRegistered(userId, "ana@skillswap.test", "Ana", "fr");
        await app.PublishAsync(registered);
        await Eventually.WaitUntilAsync(async () => await app.LoadProfileAsync(userId) is not null, TimeSpan.FromSeconds(20), "profile created");
        var client = app.ClientFor(userId);
        await (await client.PutMeAsync(ProfileRequests.ValidEdit(), "\"1\"")).ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        var edited = await ProfileOfAsync(userId);

        // The same event again (a redelivery: same id), then a new announcement of the same account (new id).
        await app.PublishAsync(registered);
        await app.PublishAsync(new UserRegistered(userId, "ana@skillswap.test", "Someone Else", "en"));
        // The queue is consumed in order, so once a later registration is handled the two above were too.
        await app.RegisterUserAsync();

        Assert.Equal(edited, await ProfileOfAsync(userId));
        var profile = await app.LoadProfileAsync(userId);
        Assert.Equal("Ana Lopez", profile!.DisplayName);
        Assert.Equal(2, profile.Version);
    }

    private async Task<string> ProfileOfAsync(Guid userId) =>
        System.Text.Json.JsonSerializer.Serialize(await app.LoadProfileAsync(userId));
}
