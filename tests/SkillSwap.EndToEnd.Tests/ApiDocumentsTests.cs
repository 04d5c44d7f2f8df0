using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

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
    public async Task Each_service_publishes_its_openapi_document_through_the_gateway(string service, string documentedPath)
    {
        var document = await app.Gateway.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json");

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.True(document.GetProperty("paths").TryGetProperty(documentedPath, out _), $"{documentedPath} is not documented");
    }

    [Fact]
    public async Task The_api_browser_lists_the_services()
    {
        var page = await app.Gateway.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
    }
}
