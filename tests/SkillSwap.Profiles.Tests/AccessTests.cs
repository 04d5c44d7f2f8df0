using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests;

/// <summary>Who may read and change which profile, and which tokens are believed at all.</summary>
[Collection(ProfilesCollection.Name)]
public sealed class AccessTests(ProfilesApp app)
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_public_profile_shows_others_only_its_public_fields()
    {
        var ownerId = await app.RegisterUserAsync();
        await (await app.ClientFor(ownerId).PutMeAsync(ProfileRequests.ValidEdit() with { Visibility = "public" }, "\"1\""))
            .ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        var stranger = app.ClientFor(await app.RegisterUserAsync());

        var response = await stranger.GetAsync(ProfileRequests.Of(ownerId));

        var json = await response.ReadAsync<JsonElement>(HttpStatusCode.OK);
        Assert.Equal(
            ["availability", "bio", "bioRemovedByModeration", "displayName", "languages", "location", "offered", "photoUrl", "roles", "sessionFormats",
                "timeZone", "trust", "userId", "wanted"],
            json.EnumerateObject().Select(p => p.Name).Order());
        var profile = json.Deserialize<PublicProfileResponse>(WebJson)!;
        Assert.Equal(ownerId, profile.UserId);
        Assert.Equal("Ana Lopez", profile.DisplayName);
        Assert.Equal("I teach guitar and want to learn Japanese.", profile.Bio);
        Assert.Equal(["fr", "en"], profile.Languages);
        Assert.Equal("Europe/Paris", profile.TimeZone);
        Assert.Equal(new ProfileLocation("Lyon", "FR"), profile.Location);
        Assert.Equal(["teacher", "learner"], profile.Roles);
    }

    [Fact]
    public async Task A_matches_only_profile_is_hidden_from_strangers_exactly_like_a_missing_one()
    {
        var ownerId = await app.RegisterUserAsync();
        await (await app.ClientFor(ownerId).PutMeAsync(ProfileRequests.ValidEdit() with { Visibility = "matches-only" }, "\"1\""))
            .ReadAsync<ProfileResponse>(HttpStatusCode.OK);
        var stranger = app.ClientFor(await app.RegisterUserAsync());

        var hidden = await (await stranger.GetAsync(ProfileRequests.Of(ownerId))).AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
        var missing = await (await stranger.GetAsync(ProfileRequests.Of(Guid.CreateVersion7()))).AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");

        Assert.Equal(missing.GetProperty("title").GetString(), hidden.GetProperty("title").GetString());
        Assert.Equal(missing.GetProperty("detail").GetString(), hidden.GetProperty("detail").GetString());
        // Its owner can preview what others would see.
        var preview = await (await app.ClientFor(ownerId).GetAsync(ProfileRequests.Of(ownerId))).ReadAsync<PublicProfileResponse>(HttpStatusCode.OK);
        Assert.Equal(ownerId, preview.UserId);
    }

    [Fact]
    public async Task A_freshly_registered_profile_is_not_shown_to_strangers()
    {
        var ownerId = await app.RegisterUserAsync();

        var response = await app.ClientFor(await app.RegisterUserAsync()).GetAsync(ProfileRequests.Of(ownerId));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "profile-not-found");
    }

    [Fact]
    public async Task Nobody_can_change_another_users_profile()
    {
        var victimId = await app.RegisterUserAsync("Victim");
        var attackerId = await app.RegisterUserAsync("Attacker");
        var attacker = app.ClientFor(attackerId);
        var victimBefore = JsonSerializer.Serialize(await app.LoadProfileAsync(victimId));

        // There is no write route by id at all...
        var byId = new HttpRequestMessage(HttpMethod.Put, ProfileRequests.Of(victimId))
        {
            Content = JsonContent.Create(ProfileRequests.ValidEdit(version: 1)),
        };
        await (await attacker.SendAsync(byId)).AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        // ...and a user id smuggled into the body of /me is ignored: the token's subject decides whose profile it is.
        var smuggled = await attacker.PutRawAsync(ProfileRequests.Me,
            $$"""{"userId": "{{victimId}}", "displayName": "Pwned", "locale": "en", "languages": ["en"], "timeZone": "UTC", "roles": ["learner"], "visibility": "public"}""");

        Assert.Equal(attackerId, (await smuggled.ReadAsync<ProfileResponse>(HttpStatusCode.OK)).UserId);
        Assert.Equal(victimBefore, JsonSerializer.Serialize(await app.LoadProfileAsync(victimId)));
        Assert.Equal("Pwned", (await app.LoadProfileAsync(attackerId))!.DisplayName);
    }

    [Fact]
    public async Task Missing_expired_forged_unsigned_and_foreign_tokens_get_a_401_problem_everywhere()
    {
        var userId = await app.RegisterUserAsync();
        var before = await app.FingerprintAsync();
        string?[] tokens =
        [
            null,
            app.Issuer.Expired(userId),
            app.Issuer.Forged(userId),
            TestTokenIssuer.Unsigned(userId),
            app.Issuer.ForAnotherAudience(userId),
            "not.a.jwt",
        ];

        foreach (var token in tokens)
        {
            var client = token is null ? app.CreateClient() : app.ClientWith(token);
            await (await client.GetAsync(ProfileRequests.Me)).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await client.GetAsync(ProfileRequests.Of(userId))).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await client.PutMeAsync(ProfileRequests.ValidEdit(), "\"1\"")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(before, await app.FingerprintAsync());
        // The same user with a genuine token is let in: the refusals above are about the tokens.
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(userId).GetAsync(ProfileRequests.Me)).StatusCode);
    }

    [Fact]
    public async Task A_genuine_token_whose_subject_is_not_a_user_id_is_refused()
    {
        var response = await app.ClientWith(app.Issuer.WithSubject("service-account")).GetAsync(ProfileRequests.Me);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
