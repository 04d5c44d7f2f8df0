using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>What the mobile app does against the gateway, one call per user action.</summary>
public sealed class MobileClient(HttpClient gateway)
{
    public const string Password = "correct horse battery staple";

    public async Task<HttpResponseMessage> SignUpAsync(string email, string locale = "en", string displayName = "Ada")
    {
        var legal = await gateway.GetFromJsonAsync<JsonElement>("/api/v1/identity/legal-documents");
        return await gateway.PostAsJsonAsync("/api/v1/identity/accounts", new
        {
            email,
            password = Password,
            displayName,
            locale,
            acceptedTermsOfServiceVersion = legal.GetProperty("termsOfServiceVersion").GetString(),
            acceptedPrivacyPolicyVersion = legal.GetProperty("privacyPolicyVersion").GetString(),
            marketingConsent = false,
        });
    }

    public Task<HttpResponseMessage> VerifyEmailAsync(string token) =>
        gateway.PostAsJsonAsync("/api/v1/identity/email-verification", new { token });

    public Task<HttpResponseMessage> LogInAsync(string email, string password = Password) =>
        gateway.PostAsJsonAsync("/api/v1/identity/tokens", new { email, password });

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        gateway.PostAsJsonAsync("/api/v1/identity/tokens/refresh", new { refreshToken });

    public Task<HttpResponseMessage> LogOutAsync(string refreshToken) =>
        gateway.PostAsJsonAsync("/api/v1/identity/tokens/revoke", new { refreshToken });

    /// <summary>Contests a moderators' decision with the token of its email's link: no sign-in (a sanctioned person has none).</summary>
    public Task<HttpResponseMessage> AppealAsync(string token, string text) =>
        gateway.PostAsJsonAsync("/api/v1/appeals", new { token, text });

    public Task<HttpResponseMessage> GetAsync(string path, string? accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        return gateway.SendAsync(request);
    }

    /// <summary>A JSON request with the user's access token, any method.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string accessToken, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return gateway.SendAsync(request);
    }

    public static async Task<(string AccessToken, string RefreshToken)> ReadTokensAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }
}
