using System.Net;
using System.Text.Json;
using SkillSwap.Profiles.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Profiles.Tests;

[Collection(ProfilesCollection.Name)]
public sealed class OpenApiTests(ProfilesApp app)
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_profile_endpoint_with_a_summary()
    {
        var document = await (await app.CreateClient().GetAsync("/openapi/v1.json")).ReadAsync<JsonElement>(HttpStatusCode.OK);

        var paths = document.GetProperty("paths");
        Assert.Equal("Your own profile", paths.GetProperty("/api/v1/profiles/me").GetProperty("get").GetProperty("summary").GetString());
        Assert.Equal("Replace the editable fields of your profile",
            paths.GetProperty("/api/v1/profiles/me").GetProperty("put").GetProperty("summary").GetString());
        Assert.Equal("Another user's public profile",
            paths.GetProperty("/api/v1/profiles/{userId}").GetProperty("get").GetProperty("summary").GetString());
    }
}
