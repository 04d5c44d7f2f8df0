using System.Net;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SkillSwap.Testing;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>In development the gateway is also where a developer reads every service's API.</summary>
[Collection(SkillSwapAppCollection.Name)]
public sealed class ApiDocumentsTests(SkillSwapApp app)
{
    [Theory]
    [InlineData("identity", "/api/v1/identity/accounts")]
    [InlineData("profiles", "/api/v1/profiles/me")]
    [InlineData("sessions", "/api/v1/sessions/{sessionId}/accept")]
    [InlineData("payments", "/api/v1/wallet")]
    [InlineData("chat", "/api/v1/conversations/{conversationId}/messages")]
    [InlineData("reviews", "/api/v1/reviews/users/{userId}")]
    [InlineData("notifications", "/api/v1/notifications/unread-count")]
    [InlineData("administration", "/api/v1/admin/cases/{caseId}/decision")]
    public async Task Each_service_publishes_its_openapi_document_through_the_gateway(string service, string documentedPath)
    {
        var document = await app.Gateway.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json");

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty(documentedPath, out _), $"{documentedPath} is not documented");
    }

    /// <summary>
    /// The app's typed client is generated from copies of these documents (clients/mobile/src/api/openapi): a service
    /// whose API changed without the copy being refreshed fails here, and `./skillswap api-client` refreshes them (this
    /// test with SKILLSWAP_UPDATE_API_DOCUMENTS=1, then the TypeScript generation). The copies leave out "servers",
    /// which names each run's ports.
    /// </summary>
    [Fact]
    public async Task The_apps_copies_of_the_api_documents_are_current()
    {
        var update = Environment.GetEnvironmentVariable("SKILLSWAP_UPDATE_API_DOCUMENTS") == "1";
        var stale = new List<string>();
        foreach (var service in AppServices)
        {
            var served = Normalize(await app.Gateway.GetStringAsync($"/openapi/{service}.json"));
            var copy = Path.Combine(RepositoryPaths.Root, "clients", "mobile", "src", "api", "openapi", $"{service}.json");
            if (update)
            {
                await File.WriteAllTextAsync(copy, served);
            }
            else if (!File.Exists(copy) || await File.ReadAllTextAsync(copy) != served)
            {
                stale.Add(service);
            }
        }
        Assert.True(stale.Count == 0,
            $"The app's copies of the API documents of {string.Join(", ", stale)} are stale: run ./skillswap api-client and commit the result.");
    }

    private static readonly string[] AppServices = ["identity", "profiles", "sessions", "payments", "chat", "reviews", "notifications", "administration"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Normalize(string document)
    {
        var root = JsonNode.Parse(document)!.AsObject();
        root.Remove("servers");
        return root.ToJsonString(Indented) + "\n";
    }

    [Fact]
    public async Task The_api_browser_lists_the_services()
    {
        var page = await app.Gateway.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
    }
}
