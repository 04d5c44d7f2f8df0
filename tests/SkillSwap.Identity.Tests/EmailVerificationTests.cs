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

        var resend = await ResendAsync(email, TestAccounts.Password);

        Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        var second = await _accounts.VerificationTokenAsync(email, count: 2);
        Assert.NotEqual(first, second);
        await (await _accounts.ConfirmEmailAsync(first)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-token");
        Assert.Equal(HttpStatusCode.NoContent, (await _accounts.ConfirmEmailAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Resending_answers_the_same_for_unknown_verified_and_wrongly_proven_addresses_and_sends_nothing()
    {
        var verified = await _accounts.CreateVerifiedAsync();
        var unknown = TestAccounts.NewEmail("nobody");
        var pending = TestAccounts.NewEmail("pending");
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(pending));
        await _accounts.VerificationTokenAsync(pending);

        var answers = new List<string>();
        foreach (var (email, password) in new[]
                 {
                     (unknown, TestAccounts.Password), (verified.Email, TestAccounts.Password),
                     (pending, "not the password of this sign-up"), (pending, TestAccounts.Password),
                 })
        {
            var response = await ResendAsync(email, password);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(answers.Distinct());
        // Requests are answered in the order they came: the last one's link proves the three before were answered.
        await _accounts.VerificationTokenAsync(pending, count: 2);
        Assert.Empty(app.Probe.Received.All<EmailVerificationRequested>(e => e.Email == unknown));
        Assert.Single(app.Probe.Received.All<EmailVerificationRequested>(e => e.Email == verified.Email));
        Assert.Equal(2, app.Probe.Received.All<EmailVerificationRequested>(e => e.Email == pending).Count);
    }

    /// <summary>
    /// Issue 14, finding 14: an attacker signs up first with the owner's address. Before, the owner's own sign-up was
    /// ignored, and the link the owner then asked for confirmed the attacker's password.
    /// </summary>
    [Fact]
    public async Task A_sign_up_before_the_owner_cannot_claim_the_account()
    {
        const string attackerPassword = "the attacker's own password";
        const string ownerPassword = "the owner's real password";
        var email = TestAccounts.NewEmail("claimed");
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(email, password: attackerPassword, displayName: "Mallory"));
        var attackersLink = await _accounts.VerificationTokenAsync(email);

        Assert.Equal(HttpStatusCode.Accepted, (await _accounts.SignUpAsync(TestAccounts.SignUpBody(email, password: ownerPassword))).StatusCode);
        var ownersLink = await _accounts.VerificationTokenAsync(email, count: 2);
        // The attacker asks for the link again with their password: their sign-up was replaced, so nothing goes out.
        Assert.Equal(HttpStatusCode.Accepted, (await ResendAsync(email, attackerPassword)).StatusCode);
        // The owner never got the mail and asks again with theirs.
        Assert.Equal(HttpStatusCode.Accepted, (await ResendAsync(email, ownerPassword)).StatusCode);
        var resentLink = await _accounts.VerificationTokenAsync(email, count: 3);

        Assert.Equal(3, app.Probe.Received.All<EmailVerificationRequested>(e => e.Email == email).Count);
        await (await _accounts.ConfirmEmailAsync(attackersLink)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-token");
        await (await _accounts.ConfirmEmailAsync(ownersLink)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-token");
        Assert.Equal(HttpStatusCode.NoContent, (await _accounts.ConfirmEmailAsync(resentLink)).StatusCode);
        await (await _accounts.LoginAsync(email, attackerPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(email, ownerPassword)).StatusCode);
    }

    [Fact]
    public async Task A_link_is_void_once_a_later_sign_up_replaced_its_password()
    {
        var email = TestAccounts.NewEmail("replaced");
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(email, password: "the first password"));
        var firstLink = await _accounts.VerificationTokenAsync(email);
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(email, password: "the second password"));
        await _accounts.VerificationTokenAsync(email, count: 2);
        // Revive the first link, as a sign-up racing the moment it was issued could leave it: being bound to the first
        // password alone must keep it from confirming the second.
        await app.QueryAsync(db => db.OneTimeTokens.Where(t => db.Users.Any(u => u.Id == t.UserId && u.Email == email))
            .ExecuteUpdateAsync(setters => setters.SetProperty(t => t.ConsumedAt, (DateTimeOffset?)null)));

        await (await _accounts.ConfirmEmailAsync(firstLink)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-token");
        Assert.Null(await app.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.EmailVerifiedAt).SingleAsync()));
    }

    private Task<HttpResponseMessage> ResendAsync(string email, string password) =>
        _accounts.Anonymous.PostAsJsonAsync($"{TestAccounts.Prefix}/email-verification/resend", new { email, password });

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
        Assert.Equal(["admin", "moderator", "support", "member"], me!.Roles);
    }
}
