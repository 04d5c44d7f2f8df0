using System.Net;
using SkillSwap.IntegrationEvents;
using SkillSwap.Profiles.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests;

/// <summary>Profiles' part of the right to erasure.</summary>
[Collection(ProfilesCollection.Name)]
public sealed class ErasureTests(ProfilesApp app)
{
    [Fact]
    public async Task An_erasure_request_deletes_the_profile_and_answers_UserDataErased_for_profiles()
    {
        var userId = await app.RegisterUserAsync();
        var client = app.ClientFor(userId);
        await (await client.PutMeAsync(ProfileRequests.ValidEdit() with { Visibility = "public" }, "\"1\"")).ReadAsync<SkillSwap.Profiles.Model.ProfileResponse>(HttpStatusCode.OK);
        await app.WaitUntilIndexedAsync(userId, entry => entry.Visibility == SkillSwap.Profiles.Model.ProfileVisibility.Public);
        var other = await app.RegisterUserAsync();

        await app.PublishAsync(new UserErasureRequested(userId, DateTimeOffset.UtcNow.AddDays(30)));

        var answer = await app.Probe.WaitForAsync<UserDataErased>(e => e.UserId == userId);
        Assert.Equal("profiles", answer.Service);
        Assert.Null(await app.LoadProfileAsync(userId));
        Assert.Null(await app.IndexEntryAsync(userId));
        await (await client.GetAsync(ProfileRequests.Me)).AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
        await (await app.ClientFor(other).GetAsync(ProfileRequests.Of(userId))).AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
        // Only that user's data went.
        Assert.NotNull(await app.LoadProfileAsync(other));
    }

    [Fact]
    public async Task An_erasure_request_for_a_user_without_a_profile_is_still_answered()
    {
        var userId = Guid.CreateVersion7();

        await app.PublishAsync(new UserErasureRequested(userId, DateTimeOffset.UtcNow.AddDays(30)));

        var answer = await app.Probe.WaitForAsync<UserDataErased>(e => e.UserId == userId);
        Assert.Equal("profiles", answer.Service);
    }

    [Fact]
    public async Task A_repeated_erasure_request_is_answered_again_and_leaves_the_profile_gone()
    {
        var userId = await app.RegisterUserAsync();
        await app.PublishAsync(new UserErasureRequested(userId, DateTimeOffset.UtcNow.AddDays(30)));
        var first = await app.Probe.WaitForAsync<UserDataErased>(e => e.UserId == userId);

        // Identity asks again (a new request event) after the profile is gone.
        await app.PublishAsync(new UserErasureRequested(userId, DateTimeOffset.UtcNow.AddDays(30)));

        var second = await app.Probe.WaitForAsync<UserDataErased>(e => e.UserId == userId && e.Id != first.Id);
        Assert.Equal("profiles", second.Service);
        Assert.Null(await app.LoadProfileAsync(userId));
        Assert.Null(await app.IndexEntryAsync(userId));
    }
}
