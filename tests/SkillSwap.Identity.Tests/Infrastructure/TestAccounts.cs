using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SkillSwap.Identity.Tokens;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.Tests.Infrastructure;

public sealed record TestAccount(Guid Id, string Email, string Password, TokenResponse Tokens);

/// <summary>Drives Identity's public API the way the mobile app does.</summary>
public sealed class TestAccounts(IdentityApp app)
{
    public const string Password = "correct horse battery";
    public const string Prefix = "/api/v1/identity";

    public HttpClient Anonymous { get; } = app.CreateClient();

    public static string NewEmail(string label = "user") => $"{label}-{Guid.NewGuid():N}@skillswap.test";

    public static Dictionary<string, object?> SignUpBody(
        string email,
        string password = Password,
        string displayName = "Ana Martin",
        string locale = "en",
        bool? marketingConsent = null,
        string? termsVersion = IdentityApp.TermsVersion,
        string? privacyVersion = IdentityApp.PrivacyVersion) => new()
    {
        ["email"] = email,
        ["password"] = password,
        ["displayName"] = displayName,
        ["locale"] = locale,
        ["acceptedTermsOfServiceVersion"] = termsVersion,
        ["acceptedPrivacyPolicyVersion"] = privacyVersion,
        ["marketingConsent"] = marketingConsent,
    };

    public Task<HttpResponseMessage> SignUpAsync(object body) => Anonymous.PostAsJsonAsync($"{Prefix}/accounts", body);

    /// <summary>The token Notifications would mail, as the probe received it.</summary>
    public async Task<string> VerificationTokenAsync(string email, int count = 1) =>
        (await app.Probe.Received.WaitForAsync<EmailVerificationRequested>(e => e.Email == email, count)).Token;

    public async Task<string> ResetTokenAsync(string email, int count = 1) =>
        (await app.Probe.Received.WaitForAsync<PasswordResetRequested>(e => e.Email == email, count)).Token;

    public Task<HttpResponseMessage> ConfirmEmailAsync(string token) =>
        Anonymous.PostAsJsonAsync($"{Prefix}/email-verification", new { token });

    public Task<HttpResponseMessage> LoginAsync(string email, string password = Password) =>
        Anonymous.PostAsJsonAsync($"{Prefix}/tokens", new { email, password });

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Anonymous.PostAsJsonAsync($"{Prefix}/tokens/refresh", new { refreshToken });

    public async Task<TokenResponse> LoginOkAsync(string email, string password = Password)
    {
        var response = await LoginAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    /// <summary>Signs up, confirms the email with the mailed token and signs in.</summary>
    public async Task<TestAccount> CreateVerifiedAsync(string? email = null, bool? marketingConsent = null)
    {
        email ??= NewEmail();
        var signUp = await SignUpAsync(SignUpBody(email, marketingConsent: marketingConsent));
        Assert.Equal(HttpStatusCode.Accepted, signUp.StatusCode);
        var confirm = await ConfirmEmailAsync(await VerificationTokenAsync(email));
        Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        var tokens = await LoginOkAsync(email);
        var id = await app.QueryAsync(db => Task.FromResult(db.Users.Single(u => u.Email == email).Id));
        return new TestAccount(id, email, Password, tokens);
    }

    public HttpClient Authorized(string accessToken)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public HttpClient Authorized(TestAccount account) => Authorized(account.Tokens.AccessToken);
}
