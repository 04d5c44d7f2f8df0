using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class EmailVerificationTests(IdentityApp app)
{
    private readonly TestAccounts _accounts = new(app);

    [Fact]
    public async Task The_mailed_token_verifies_the_email_once_and_unlocks_sign_in()
    {
        var email = TestAccounts.NewEmail();
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(email));
        var token = await _accounts.VerificationTokenAsync(email);

        await (await _accounts.LoginAsync(email)).AssertProblemAsync(HttpStatusCode.Forbidden, "email-not-verified");

        Assert.Equal(HttpStatusCode.NoContent, (await _accounts.ConfirmEmailAsync(token)).StatusCode);
        var user = await app.QueryAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.NotNull(user.EmailVerifiedAt);
        await app.Probe.Received.WaitForAsync<EmailVerified>(e => e.UserId == user.Id);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(email)).StatusCode);

        await (await _accounts.ConfirmEmailAsync(token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-token");
    }

    [Fact]
    public async Task Resending_replaces_the_earlier_link()
    {
        var email = TestAccounts.NewEmail();
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(email));
        var first = await _accounts.VerificationTokenAsync(email);

        var resend = await _accounts.Anonymous.PostAsJsonAsync($"{TestAccounts.Prefix}/email-verification/resend", new { email });

        Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        var second = await _accounts.VerificationTokenAsync(email, count: 2);
        Assert.NotEqual(first, second);
        await (await _accounts.ConfirmEmailAsync(first)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-token");
        Assert.Equal(HttpStatusCode.NoContent, (await _accounts.ConfirmEmailAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Resending_answers_the_same_for_unknown_and_verified_addresses_and_sends_nothing()
    {
        var verified = await _accounts.CreateVerifiedAsync();
        var unknown = TestAccounts.NewEmail("nobody");
        var pending = TestAccounts.NewEmail("pending");
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(pending));
        await _accounts.VerificationTokenAsync(pending);

        var answers = new List<string>();
        foreach (var email in new[] { unknown, verified.Email, pending })
        {
            var response = await _accounts.Anonymous.PostAsJsonAsync($"{TestAccounts.Prefix}/email-verification/resend", new { email });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(answers.Distinct());
        await _accounts.VerificationTokenAsync(pending, count: 2);
        Assert.Empty(app.Probe.Received.All<EmailVerificationRequested>(e => e.Email == unknown));
        Assert.Single(app.Probe.Received.All<EmailVerificationRequested>(e => e.Email == verified.Email));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var email = TestAccounts.NewEmail();
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(email));
        var token = await _accounts.VerificationTokenAsync(email);
        await app.QueryAsync(db => db.OneTimeTokens.Where(t => db.Users.Any(u => u.Id == t.UserId && u.Email == email))
            .ExecuteUpdateAsync(setters => setters.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));

        await (await _accounts.ConfirmEmailAsync(token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-token");
        Assert.Null(await app.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.EmailVerifiedAt).SingleAsync()));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("' OR 1=1 --")]
    public async Task Unknown_tokens_are_refused(string token)
    {
        var before = await DatabaseFingerprint.TakeAsync(app);
        await (await _accounts.ConfirmEmailAsync(token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-token");
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    [Fact]
    public async Task The_bootstrap_admin_becomes_admin_when_verifying_the_email()
    {
        var admin = await AdminAccount.GetAsync(app, _accounts);
        var me = await _accounts.Authorized(admin).GetFromJsonAsync<SkillSwap.Identity.Accounts.AccountResponse>($"{TestAccounts.Prefix}/me");
        Assert.Equal(["admin", "moderator", "member"], me!.Roles);
    }
}
