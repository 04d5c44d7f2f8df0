using System.Net;
using System.Net.Http.Json;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Consents;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.Identity.Tokens;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class AuthorizationTests(IdentityApp app)
{
    private readonly TestAccounts _accounts = new(app);

    [Theory]
    [InlineData("GET", "/me")]
    [InlineData("DELETE", "/me")]
    [InlineData("GET", "/me/erasure")]
    [InlineData("GET", "/me/export")]
    [InlineData("GET", "/me/consents")]
    [InlineData("PUT", "/me/consents/marketing")]
    [InlineData("POST", "/keys/rotate")]
    public async Task Personal_and_admin_endpoints_need_an_access_token(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), TestAccounts.Prefix + path) { Content = JsonContent.Create(new { }) };
        await (await _accounts.Anonymous.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Each_user_sees_and_changes_only_their_own_account()
    {
        var ana = await _accounts.CreateVerifiedAsync(marketingConsent: true);
        var bob = await _accounts.CreateVerifiedAsync();

        var anaClient = _accounts.Authorized(ana);
        var me = await anaClient.GetFromJsonAsync<AccountResponse>($"{TestAccounts.Prefix}/me");
        Assert.Equal(ana.Id, me!.Id);
        await anaClient.PutAsJsonAsync($"{TestAccounts.Prefix}/me/consents/marketing", new { granted = false });

        var bobConsents = await _accounts.Authorized(bob).GetFromJsonAsync<ConsentsResponse>($"{TestAccounts.Prefix}/me/consents");
        Assert.DoesNotContain(bobConsents!.History, entry => entry.Kind == "marketing");
        var anaExport = await anaClient.GetStringAsync($"{TestAccounts.Prefix}/me/export");
        Assert.DoesNotContain(bob.Id.ToString(), anaExport, StringComparison.Ordinal);
        Assert.DoesNotContain(bob.Email, anaExport, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_cannot_change_roles_admins_can_and_the_new_role_arrives_with_the_next_refresh()
    {
        var admin = await AdminAccount.GetAsync(app, _accounts);
        var member = await _accounts.CreateVerifiedAsync();
        var other = await _accounts.CreateVerifiedAsync();
        var before = await DatabaseFingerprint.TakeAsync(app);

        var selfPromotion = await _accounts.Authorized(member).PutAsJsonAsync($"{TestAccounts.Prefix}/users/{member.Id}/role", new { role = "admin" });
        await selfPromotion.AssertProblemAsync(HttpStatusCode.Forbidden);
        var promoteOther = await _accounts.Authorized(member).PutAsJsonAsync($"{TestAccounts.Prefix}/users/{other.Id}/role", new { role = "moderator" });
        await promoteOther.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));

        var unknownRole = await _accounts.Authorized(admin).PutAsJsonAsync($"{TestAccounts.Prefix}/users/{member.Id}/role", new { role = "owner" });
        await unknownRole.AssertValidationProblemAsync("role");
        var unknownUser = await _accounts.Authorized(admin).PutAsJsonAsync($"{TestAccounts.Prefix}/users/{Guid.NewGuid()}/role", new { role = "moderator" });
        await unknownUser.AssertProblemAsync(HttpStatusCode.NotFound, "user-not-found");

        var promoted = await _accounts.Authorized(admin).PutAsJsonAsync($"{TestAccounts.Prefix}/users/{member.Id}/role", new { role = "moderator" });
        Assert.Equal(HttpStatusCode.NoContent, promoted.StatusCode);
        var refreshed = await (await _accounts.RefreshAsync(member.Tokens.RefreshToken)).ReadAsync<TokenResponse>(HttpStatusCode.OK);
        await using var downstream = await DownstreamService.StartAsync(app);
        var whoAmI = await (await downstream.WhoAmIAsync(refreshed.AccessToken)).ReadAsync<WhoAmI>(HttpStatusCode.OK);
        Assert.Equal(["moderator", "member"], whoAmI.Roles);
    }

    [Fact]
    public async Task Expired_forged_and_unsigned_tokens_are_refused_with_problem_details()
    {
        var account = await _accounts.CreateVerifiedAsync();
        string[] tokens =
        [
            await TokenForge.WithRealKeyAsync(app, account.Id, DateTime.UtcNow.AddMinutes(-5)),
            await TokenForge.WithStrangerKeyAsync(app, account.Id),
            TestTokenIssuer.Unsigned(account.Id, role: "admin"),
            "not.a.jwt",
        ];
        foreach (var token in tokens)
        {
            await (await _accounts.Authorized(token).GetAsync($"{TestAccounts.Prefix}/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
            await (await _accounts.Authorized(token).PostAsync($"{TestAccounts.Prefix}/keys/rotate", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task Marketing_consent_can_be_granted_and_withdrawn_with_its_history_kept()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var client = _accounts.Authorized(account);

        await client.PutAsJsonAsync($"{TestAccounts.Prefix}/me/consents/marketing", new { granted = true });
        var response = await client.PutAsJsonAsync($"{TestAccounts.Prefix}/me/consents/marketing", new { granted = false });

        var consents = await response.ReadAsync<ConsentsResponse>(HttpStatusCode.OK);
        Assert.False(consents.MarketingConsent);
        Assert.Equal([true, false], consents.History.Where(e => e.Kind == "marketing").Select(e => e.Granted));
        Assert.True(consents.History.Where(e => e.Kind == "marketing").Select(e => e.RecordedAt).SequenceEqual(
            consents.History.Where(e => e.Kind == "marketing").Select(e => e.RecordedAt).Order()));
        await (await client.PutAsJsonAsync($"{TestAccounts.Prefix}/me/consents/marketing", new { })).AssertValidationProblemAsync("granted");
    }

    [Fact]
    public async Task Accepting_legal_documents_takes_only_the_current_versions()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var client = _accounts.Authorized(account);

        var outdated = await client.PostAsJsonAsync($"{TestAccounts.Prefix}/me/consents/legal",
            new { termsOfServiceVersion = "2020-01-01", privacyPolicyVersion = IdentityApp.PrivacyVersion });
        await outdated.AssertValidationProblemAsync("termsOfServiceVersion");

        var current = await client.PostAsJsonAsync($"{TestAccounts.Prefix}/me/consents/legal",
            new { termsOfServiceVersion = IdentityApp.TermsVersion, privacyPolicyVersion = IdentityApp.PrivacyVersion });
        var consents = await current.ReadAsync<ConsentsResponse>(HttpStatusCode.OK);
        Assert.True(consents.LegalConsentUpToDate);
        Assert.Equal(2, consents.History.Count(e => e.Kind == "termsOfService"));
        var documents = await _accounts.Anonymous.GetFromJsonAsync<LegalDocumentsResponse>($"{TestAccounts.Prefix}/legal-documents");
        Assert.Equal(new LegalDocumentsResponse(IdentityApp.TermsVersion, IdentityApp.PrivacyVersion), documents);
    }
}
