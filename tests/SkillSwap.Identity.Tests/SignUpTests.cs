using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Identity.Consents;
using SkillSwap.Identity.OneTimeTokens;
using SkillSwap.Identity.SignUp;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class SignUpTests(IdentityApp app)
{
    private readonly TestAccounts _accounts = new(app);

    [Fact]
    public async Task Sign_up_with_consent_creates_an_unverified_member_and_publishes_the_mailed_token()
    {
        var email = TestAccounts.NewEmail("Ana");
        var response = await _accounts.SignUpAsync(TestAccounts.SignUpBody($"  {email.ToUpperInvariant()} ", locale: "fr", marketingConsent: true));

        await response.ReadAsync<SignUpAccepted>(HttpStatusCode.Accepted);
        var normalized = email.ToLowerInvariant();
        var registered = await app.Probe.Received.WaitForAsync<UserRegistered>(e => e.Email == normalized);
        Assert.Equal("fr", registered.Locale);
        Assert.Equal("Ana Martin", registered.DisplayName);
        var verification = await app.Probe.Received.WaitForAsync<EmailVerificationRequested>(e => e.Email == normalized);
        Assert.Equal(registered.UserId, verification.UserId);
        Assert.InRange(verification.ExpiresAt, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));

        var (user, consents, tokens) = await app.QueryAsync(async db => (
            await db.Users.SingleAsync(u => u.Email == normalized),
            await db.Consents.Where(c => c.UserId == registered.UserId).ToListAsync(),
            await db.OneTimeTokens.Where(t => t.UserId == registered.UserId).ToListAsync()));
        Assert.Equal("member", user.Role);
        Assert.Null(user.EmailVerifiedAt);
        Assert.StartsWith("$2", user.PasswordHash, StringComparison.Ordinal);
        Assert.Contains("$12$", user.PasswordHash, StringComparison.Ordinal);
        Assert.Contains(consents, c => c is { Kind: ConsentKind.TermsOfService, DocumentVersion: IdentityApp.TermsVersion, Granted: true });
        Assert.Contains(consents, c => c is { Kind: ConsentKind.PrivacyPolicy, DocumentVersion: IdentityApp.PrivacyVersion, Granted: true });
        Assert.Contains(consents, c => c is { Kind: ConsentKind.Marketing, Granted: true });
        // Only the hash of the mailed token is kept.
        var stored = Assert.Single(tokens);
        Assert.Equal(OneTimeTokenPurpose.EmailVerification, stored.Purpose);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(verification.Token)), stored.TokenHash);
    }

    [Fact]
    public async Task Sign_up_without_consent_is_refused_and_creates_nothing()
    {
        var email = TestAccounts.NewEmail();
        var before = await DatabaseFingerprint.TakeAsync(app);

        var response = await _accounts.SignUpAsync(TestAccounts.SignUpBody(email, termsVersion: null, privacyVersion: null));

        await response.AssertValidationProblemAsync("acceptedTermsOfServiceVersion", "acceptedPrivacyPolicyVersion");
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    [Theory]
    [InlineData("2024-01-01", IdentityApp.PrivacyVersion, "acceptedTermsOfServiceVersion")]
    [InlineData(IdentityApp.TermsVersion, "2024-01-01", "acceptedPrivacyPolicyVersion")]
    [InlineData(IdentityApp.TermsVersion, "", "acceptedPrivacyPolicyVersion")]
    public async Task Sign_up_accepting_another_version_than_the_current_one_is_refused(string terms, string privacy, string field)
    {
        var before = await DatabaseFingerprint.TakeAsync(app);

        var response = await _accounts.SignUpAsync(TestAccounts.SignUpBody(TestAccounts.NewEmail(), termsVersion: terms, privacyVersion: privacy));

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("123456789")]
    [InlineData("          ")]
    public async Task Weak_passwords_are_refused(string password)
    {
        var response = await _accounts.SignUpAsync(TestAccounts.SignUpBody(TestAccounts.NewEmail(), password: password));
        await response.AssertValidationProblemAsync("password");
    }

    [Fact]
    public async Task Passwords_longer_than_128_characters_are_refused()
    {
        var response = await _accounts.SignUpAsync(TestAccounts.SignUpBody(TestAccounts.NewEmail(), password: new string('p', 129)));
        await response.AssertValidationProblemAsync("password");
    }

    [Fact]
    public async Task Long_passwords_are_compared_in_full_not_only_their_first_72_bytes()
    {
        // Plain bcrypt ignores everything past 72 bytes; these two differ only after byte 100.
        var password = new string('a', 100) + "tail-one";
        var email = TestAccounts.NewEmail();
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(email, password: password));
        Assert.Equal(HttpStatusCode.NoContent, (await _accounts.ConfirmEmailAsync(await _accounts.VerificationTokenAsync(email))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.LoginAsync(email, new string('a', 100) + "tail-two")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(email, password)).StatusCode);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("EN")]
    [InlineData("")]
    public async Task Only_french_and_english_locales_are_accepted(string locale)
    {
        var response = await _accounts.SignUpAsync(TestAccounts.SignUpBody(TestAccounts.NewEmail(), locale: locale));
        await response.AssertValidationProblemAsync("locale");
    }

    [Fact]
    public async Task A_confirmed_email_signed_up_again_gets_the_same_answer_and_changes_nothing()
    {
        var first = await _accounts.SignUpAsync(TestAccounts.SignUpBody(TestAccounts.NewEmail()));
        var firstBody = await first.Content.ReadAsStringAsync();
        var account = await _accounts.CreateVerifiedAsync();
        var before = await DatabaseFingerprint.TakeAsync(app);

        var duplicate = await _accounts.SignUpAsync(TestAccounts.SignUpBody(account.Email.ToUpperInvariant(), password: "another password 123", displayName: "Mallory"));

        Assert.Equal(first.StatusCode, duplicate.StatusCode);
        Assert.Equal(first.Content.Headers.ContentType, duplicate.Content.Headers.ContentType);
        Assert.Equal(firstBody, await duplicate.Content.ReadAsStringAsync());
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
        // Events leave in commit order: once a later sign-up's event arrived, a second one for the duplicate would have too.
        var sentinel = TestAccounts.NewEmail("sentinel");
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(sentinel));
        await _accounts.VerificationTokenAsync(sentinel);
        Assert.Single(app.Probe.Received.All<UserRegistered>(e => e.Email == account.Email));
        Assert.Single(app.Probe.Received.All<EmailVerificationRequested>(e => e.Email == account.Email));
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(account.Email)).StatusCode);
    }

    [Fact]
    public async Task An_unconfirmed_email_signed_up_again_keeps_its_account_and_takes_the_later_password()
    {
        var email = TestAccounts.NewEmail();
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(email, password: "the first password"));
        await _accounts.VerificationTokenAsync(email);

        var again = await _accounts.SignUpAsync(TestAccounts.SignUpBody(email.ToUpperInvariant(), password: "the later password", locale: "fr"));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var link = await app.Probe.Received.WaitForAsync<EmailVerificationRequested>(e => e.Email == email, count: 2);
        Assert.Equal("fr", link.Locale);
        Assert.Single(app.Probe.Received.All<UserRegistered>(e => e.Email == email));
        Assert.Equal(1, await app.QueryAsync(db => db.Users.CountAsync(u => u.Email == email)));
        Assert.Equal(HttpStatusCode.NoContent, (await _accounts.ConfirmEmailAsync(link.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(email, "the later password")).StatusCode);
    }

    [Fact]
    public async Task Marketing_consent_left_out_is_not_granted()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var consents = await _accounts.Authorized(account).GetAsync($"{TestAccounts.Prefix}/me/consents");

        var body = await consents.ReadAsync<ConsentsResponse>(HttpStatusCode.OK);
        Assert.False(body.MarketingConsent);
        Assert.True(body.LegalConsentUpToDate);
        Assert.DoesNotContain(body.History, entry => entry.Kind == "marketing");
    }
}
