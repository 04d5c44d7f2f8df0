using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class LoginTests(IdentityApp app)
{
    private readonly TestAccounts _accounts = new(app);

    [Fact]
    public async Task Sign_in_returns_a_short_lived_ES256_access_token_and_a_refresh_token()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var tokens = account.Tokens;

        Assert.Equal("Bearer", tokens.TokenType);
        Assert.InRange(tokens.ExpiresIn, 590, 600);
        Assert.InRange(tokens.RefreshTokenExpiresAt, DateTimeOffset.UtcNow.AddDays(13), DateTimeOffset.UtcNow.AddDays(15));
        var jwt = new JsonWebToken(tokens.AccessToken);
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.False(string.IsNullOrEmpty(jwt.Kid));
        Assert.Equal("skillswap-identity", jwt.Issuer);
        Assert.Equal(["skillswap"], jwt.Audiences);
        Assert.Equal(account.Id.ToString(), jwt.Subject);
        Assert.Equal(account.Email, jwt.GetClaim("email").Value);
        Assert.Equal("member", jwt.GetClaim("role").Value);
        Assert.True(Guid.TryParse(jwt.Id, out _));
        Assert.InRange(jwt.ValidTo, DateTime.UtcNow.AddMinutes(9), DateTime.UtcNow.AddMinutes(10.5));
        // Refresh tokens are opaque: no JWT that a client might be tempted to read.
        Assert.DoesNotContain('.', tokens.RefreshToken);
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_get_the_same_answer()
    {
        var account = await _accounts.CreateVerifiedAsync();

        var wrongPassword = await _accounts.LoginAsync(account.Email, "wrong password 123");
        var unknownEmail = await _accounts.LoginAsync(TestAccounts.NewEmail("nobody"), "wrong password 123");

        var first = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        var second = await unknownEmail.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Equal(Comparable(first), Comparable(second));
    }

    [Fact]
    public async Task Five_failures_lock_the_email_even_for_the_right_password_until_the_lockout_ends()
    {
        var account = await _accounts.CreateVerifiedAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await (await _accounts.LoginAsync(account.Email, "wrong password 123")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        var locked = await _accounts.LoginAsync(account.Email);

        await locked.AssertProblemAsync(HttpStatusCode.TooManyRequests, "login-locked");
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));

        // Fifteen minutes later (moved in the database rather than waited for), the right password works again.
        await app.QueryAsync(db => db.LoginThrottles.ExecuteUpdateAsync(setters =>
            setters.SetProperty(t => t.LockedUntil, t => t.LockedUntil == null ? null : DateTimeOffset.UtcNow.AddSeconds(-1))));
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(account.Email)).StatusCode);
        var cleared = await app.QueryAsync(db => db.LoginThrottles.CountAsync(t => t.EmailHash == SkillSwap.Identity.Infrastructure.SecretToken.Hash(account.Email)));
        Assert.Equal(0, cleared);
    }

    [Fact]
    public async Task Thirty_guesses_sent_at_once_get_five_password_checks_and_the_rest_are_refused()
    {
        var account = await _accounts.CreateVerifiedAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(guess => _accounts.LoginAsync(account.Email, $"wrong password {guess:000}")));

        // Each attempt is counted before its password is checked: only the first five are checked at all.
        Assert.Equal(5, answers.Count(answer => answer.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(25, answers.Count(answer => answer.StatusCode == HttpStatusCode.TooManyRequests));
        await (await _accounts.LoginAsync(account.Email)).AssertProblemAsync(HttpStatusCode.TooManyRequests, "login-locked");
    }

    [Fact]
    public async Task Unknown_emails_lock_exactly_like_registered_ones()
    {
        var registered = await _accounts.CreateVerifiedAsync();
        var unknown = TestAccounts.NewEmail("nobody");
        var answers = new List<string>();
        foreach (var email in new[] { registered.Email, unknown })
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                await _accounts.LoginAsync(email, "wrong password 123");
            }
            var response = await _accounts.LoginAsync(email, "wrong password 123");
            answers.Add(Comparable(await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "login-locked")));
        }
        Assert.Equal(answers[0], answers[1]);
    }

    [Fact]
    public async Task A_failure_count_within_the_window_below_the_limit_does_not_lock()
    {
        var account = await _accounts.CreateVerifiedAsync();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await _accounts.LoginAsync(account.Email, "wrong password 123");
        }
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(account.Email)).StatusCode);
        // Success resets the count: four more failures still do not lock.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await _accounts.LoginAsync(account.Email, "wrong password 123");
        }
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(account.Email)).StatusCode);
    }

    /// <summary>Everything but the per-request trace id and path.</summary>
    private static string Comparable(JsonElement problem) =>
        string.Join('|', problem.EnumerateObject().Where(p => p.Name is not ("traceId" or "instance")).Select(p => $"{p.Name}={p.Value}"));
}
