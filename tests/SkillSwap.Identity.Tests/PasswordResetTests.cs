using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class PasswordResetTests(IdentityApp app)
{
    private const string NewPassword = "a brand new passphrase";
    private readonly TestAccounts _accounts = new(app);

    private Task<HttpResponseMessage> RequestResetAsync(string email) =>
        _accounts.Anonymous.PostAsJsonAsync($"{TestAccounts.Prefix}/password-reset", new { email });

    private Task<HttpResponseMessage> ResetAsync(string token, string newPassword = NewPassword) =>
        _accounts.Anonymous.PostAsJsonAsync($"{TestAccounts.Prefix}/password-reset/confirm", new { token, newPassword });

    [Fact]
    public async Task A_reset_sets_the_new_password_and_signs_out_every_session()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var otherSession = await _accounts.LoginOkAsync(account.Email);
        Assert.Equal(HttpStatusCode.Accepted, (await RequestResetAsync(account.Email.ToUpperInvariant())).StatusCode);
        var token = await _accounts.ResetTokenAsync(account.Email);

        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(token)).StatusCode);

        await (await _accounts.LoginAsync(account.Email)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(account.Email, NewPassword)).StatusCode);
        await (await _accounts.RefreshAsync(account.Tokens.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _accounts.RefreshAsync(otherSession.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await ResetAsync(token, "yet another passphrase")).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-token");
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(account.Email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task Unknown_addresses_get_the_same_answer_and_no_mail()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var unknown = TestAccounts.NewEmail("nobody");

        var known = await RequestResetAsync(account.Email);
        var stranger = await RequestResetAsync(unknown);

        Assert.Equal(known.StatusCode, stranger.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await stranger.Content.ReadAsStringAsync());
        // Requests are answered in the order they came, and their events leave in commit order: a later request's
        // link proves the stranger's request was answered, with nothing to send.
        var sentinel = await _accounts.CreateVerifiedAsync();
        await RequestResetAsync(sentinel.Email);
        await _accounts.ResetTokenAsync(sentinel.Email);
        await _accounts.ResetTokenAsync(account.Email);
        Assert.Empty(app.Probe.Received.All<PasswordResetRequested>(e => e.Email == unknown));
        Assert.False(await app.QueryAsync(db => db.LinkRequests.AnyAsync(r => r.Email == unknown)));
    }

    [Fact]
    public async Task A_weak_new_password_is_refused_without_using_up_the_link()
    {
        var account = await _accounts.CreateVerifiedAsync();
        await RequestResetAsync(account.Email);
        var token = await _accounts.ResetTokenAsync(account.Email);
        var before = await DatabaseFingerprint.TakeAsync(app);

        await (await ResetAsync(token, "short")).AssertValidationProblemAsync("newPassword");

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
        Assert.Equal(HttpStatusCode.NoContent, (await ResetAsync(token)).StatusCode);
    }

    [Fact]
    public async Task A_reset_link_leaves_identitys_outbox_as_soon_as_the_broker_has_it()
    {
        var account = await _accounts.CreateVerifiedAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await RequestResetAsync(account.Email)).StatusCode);
        var reset = await app.Probe.Received.WaitForAsync<PasswordResetRequested>(e => e.Email == account.Email);

        // The row with the token goes; the account's other events stay, published, for the retention period.
        await Eventually.WaitUntilAsync(async () => !await app.QueryAsync(db => db.Set<OutboxRecord>().AnyAsync(row => row.EventId == reset.Id)),
            TimeSpan.FromSeconds(10), "the reset link's outbox row deleted");
        var registered = await app.Probe.Received.WaitForAsync<UserRegistered>(e => e.Email == account.Email);
        Assert.True(await app.QueryAsync(db => db.Set<OutboxRecord>().AnyAsync(row => row.EventId == registered.Id && row.PublishedAt != null)));
    }

    [Fact]
    public async Task A_reset_link_expires()
    {
        var account = await _accounts.CreateVerifiedAsync();
        await RequestResetAsync(account.Email);
        var token = await _accounts.ResetTokenAsync(account.Email);
        var reset = await app.Probe.Received.WaitForAsync<PasswordResetRequested>(e => e.Email == account.Email);
        Assert.InRange(reset.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        await app.QueryAsync(db => db.OneTimeTokens.Where(t => t.UserId == account.Id)
            .ExecuteUpdateAsync(setters => setters.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));

        await (await ResetAsync(token)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-token");
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(account.Email)).StatusCode);
    }

    [Fact]
    public async Task A_verification_token_cannot_reset_a_password()
    {
        var email = TestAccounts.NewEmail();
        await _accounts.SignUpAsync(TestAccounts.SignUpBody(email));
        var verificationToken = await _accounts.VerificationTokenAsync(email);

        await (await ResetAsync(verificationToken)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-token");
    }
}
