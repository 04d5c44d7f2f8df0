using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using SkillSwap.Profiles.Model;

namespace SkillSwap.Profiles.Tests.Infrastructure;

public static class ProfileRequests
{
    public const string Me = ProfilesApi.RoutePrefix + "/me";

    public static string Of(Guid userId) => $"{ProfilesApi.RoutePrefix}/{userId}";

    /// <summary>A complete, valid edit; tests spoil one field at a time with <c>with</c>.</summary>
    public static UpdateProfileRequest ValidEdit(long? version = null) => new(
        DisplayName: "Ana Lopez",
        Bio: "I teach guitar and want to learn Japanese.",
        Locale: "en",
        Languages: ["fr", "en"],
        TimeZone: "Europe/Paris",
        Location: new LocationRequest("Lyon", "FR"),
        Roles: ["teacher", "learner"],
        Visibility: "public",
        Version: version);

    public static Task<HttpResponseMessage> PutMeAsync(this HttpClient client, UpdateProfileRequest edit, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Me) { Content = JsonContent.Create(edit) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutRawAsync(this HttpClient client, string path, string body, string ifMatch = "\"1\"")
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static EntityTagHeaderValue? ETag(this HttpResponseMessage response) => response.Headers.ETag;
}
