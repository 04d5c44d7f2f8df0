using System.Net;
using System.Net.Http.Json;
using System.Text;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests;

/// <summary>Bad input never yields a 500 and never changes state; every refusal is problem+json.</summary>
[Collection(ProfilesCollection.Name)]
public sealed class BadInputTests(ProfilesApp app)
{
    public static TheoryData<string, UpdateProfileRequest, string[]> InvalidEdits()
    {
        var valid = ProfileRequests.ValidEdit();
        return new()
        {
            { "unknown time zone", valid with { TimeZone = "Mars/Olympus_Mons" }, ["timeZone"] },
            { "Windows time zone id", valid with { TimeZone = "Romance Standard Time" }, ["timeZone"] },
            { "path as time zone", valid with { TimeZone = "../../../etc/passwd" }, ["timeZone"] },
            { "lower-case time zone", valid with { TimeZone = "europe/paris" }, ["timeZone"] },
            { "no time zone", valid with { TimeZone = null }, ["timeZone"] },
            { "unknown language", valid with { Languages = ["fr", "xx"] }, ["languages[1]"] },
            { "three-letter language", valid with { Languages = ["fra"] }, ["languages[0]"] },
            { "null language", valid with { Languages = [null] }, ["languages[0]"] },
            { "no language", valid with { Languages = [] }, ["languages"] },
            { "too many languages", valid with { Languages = ["fr", "en", "de", "es", "it", "pt", "nl", "sv", "da", "fi", "pl"] }, ["languages"] },
            { "oversize bio", valid with { Bio = new string('a', UpdateProfileRequest.BioMaxLength + 1) }, ["bio"] },
            { "oversize bio in emoji", valid with { Bio = string.Concat(Enumerable.Repeat("🎸", UpdateProfileRequest.BioMaxLength + 1)) }, ["bio"] },
            { "control characters in bio", valid with { Bio = "hello\u0000world\u001b[31m" }, ["bio"] },
            { "unknown locale", valid with { Locale = "de" }, ["locale"] },
            { "empty display name", valid with { DisplayName = "   " }, ["displayName"] },
            { "markup in display name", valid with { DisplayName = "<script>alert(1)</script>" }, ["displayName"] },
            { "oversize display name", valid with { DisplayName = new string('a', 51) }, ["displayName"] },
            { "unknown role", valid with { Roles = ["teacher", "admin"] }, ["roles[1]"] },
            { "no role", valid with { Roles = [] }, ["roles"] },
            { "unknown visibility", valid with { Visibility = "friends" }, ["visibility"] },
            { "visibility in another case", valid with { Visibility = "Public" }, ["visibility"] },
            { "unknown country", valid with { Location = new LocationRequest("Lyon", "XX") }, ["location.country"] },
            { "country name instead of code", valid with { Location = new LocationRequest("Lyon", "France") }, ["location.country"] },
            { "city without country", valid with { Location = new LocationRequest("Lyon", null) }, ["location.country"] },
            { "street address as city", valid with { Location = new LocationRequest("12 rue de la Paix, 75002", "FR") }, ["location.city"] },
            {
                "everything missing", new UpdateProfileRequest(null, null, null, null, null, null, null, null, null),
                ["displayName", "locale", "languages", "timeZone", "roles", "visibility"]
            },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidEdits))]
    public async Task Invalid_fields_are_listed_in_a_validation_problem_and_change_nothing(string why, UpdateProfileRequest edit, string[] fields)
    {
        Assert.NotEmpty(why);
        var userId = await app.RegisterUserAsync();
        var before = await app.FingerprintAsync();

        var response = await app.ClientFor(userId).PutMeAsync(edit, "\"1\"");

        await response.AssertValidationProblemAsync(fields);
        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task A_bio_of_exactly_the_limit_is_accepted()
    {
        var userId = await app.RegisterUserAsync();
        var bio = string.Concat(Enumerable.Repeat("🎸", UpdateProfileRequest.BioMaxLength));

        var response = await app.ClientFor(userId).PutMeAsync(ProfileRequests.ValidEdit() with { Bio = bio }, "\"1\"");

        Assert.Equal(bio, (await response.ReadAsync<ProfileResponse>(HttpStatusCode.OK)).Bio);
    }

    [Theory]
    [InlineData("""{"displayName": 42, "locale": "en"}""")]
    [InlineData("""{"languages": "fr"}""")]
    [InlineData("""{"languages": [1, 2]}""")]
    [InlineData("""{"roles": {"$ne": null}}""")]
    [InlineData("""{"location": "Lyon"}""")]
    [InlineData("""{"version": "latest"}""")]
    [InlineData("""{"version": 1.5}""")]
    [InlineData("""{"bio": true}""")]
    public async Task Wrongly_typed_fields_are_a_400_problem_and_change_nothing(string body)
    {
        var userId = await app.RegisterUserAsync();
        var before = await app.FingerprintAsync();

        var response = await app.ClientFor(userId).PutRawAsync(ProfileRequests.Me, body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_and_changes_nothing()
    {
        var userId = await app.RegisterUserAsync();
        var client = app.ClientFor(userId);
        var before = await app.FingerprintAsync();

        foreach (var body in new[] { "{\"displayName\": ", "not json at all", "[1,2,3]", "null", "" })
        {
            await (await client.PutRawAsync(ProfileRequests.Me, body)).AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_as_unsupported()
    {
        var userId = await app.RegisterUserAsync();
        var request = new HttpRequestMessage(HttpMethod.Put, ProfileRequests.Me)
        {
            Content = new StringContent("displayName=Ana", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        var response = await app.ClientFor(userId).SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_id_that_is_not_a_user_id_is_a_404_problem()
    {
        var response = await app.ClientFor(Guid.CreateVersion7()).GetAsync($"{ProfilesApi.RoutePrefix}/not-a-guid");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_and_missing_ones_listed()
    {
        var userId = await app.RegisterUserAsync();
        var client = app.ClientFor(userId);

        var response = await client.PutAsJsonAsync(ProfileRequests.Me, new { unexpected = "x", version = 1 });

        await response.AssertValidationProblemAsync("displayName", "locale", "languages", "timeZone", "roles", "visibility");
    }
}
