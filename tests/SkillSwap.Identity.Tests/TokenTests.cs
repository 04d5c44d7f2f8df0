using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.Identity.Tokens;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class TokenTests(IdentityApp app)
{
    private readonly TestAccounts _accounts = new(app);

    [Fact]
    public async Task Refreshing_rotates_the_refresh_token_and_issues_a_new_access_token()
    {
        var account = await _accounts.CreateVerifiedAsync();

        var refreshed = await (await _accounts.RefreshAsync(account.Tokens.RefreshToken)).ReadAsync<TokenResponse>(HttpStatusCode.OK);

        Assert.NotEqual(account.Tokens.RefreshToken, refreshed.RefreshToken);
        Assert.NotEqual(account.Tokens.AccessToken, refreshed.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.Authorized(refreshed.AccessToken).GetAsync($"{TestAccounts.Prefix}/me")).StatusCode);
        var next = await (await _accounts.RefreshAsync(refreshed.RefreshToken)).ReadAsync<TokenResponse>(HttpStatusCode.OK);
        Assert.NotEqual(refreshed.RefreshToken, next.RefreshToken);
    }

    [Fact]
    public async Task Reusing_a_used_refresh_token_revokes_its_whole_family_but_not_other_sign_ins()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var otherDevice = await _accounts.LoginOkAsync(account.Email);
        var successor = await (await _accounts.RefreshAsync(account.Tokens.RefreshToken)).ReadAsync<TokenResponse>(HttpStatusCode.OK);

        // The first token was copied by someone else, who presents it again.
        await (await _accounts.RefreshAsync(account.Tokens.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-refresh-token");

        await (await _accounts.RefreshAsync(successor.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-refresh-token");
        Assert.Equal(HttpStatusCode.OK, (await _accounts.RefreshAsync(otherDevice.RefreshToken)).StatusCode);
        var reasons = await app.QueryAsync(db => db.RefreshTokens
            .Where(t => t.UserId == account.Id && t.RevokedAt != null).Select(t => t.RevocationReason).Distinct().ToListAsync());
        Assert.Equal([RevocationReasons.ReuseDetected], reasons);
    }

    [Fact]
    public async Task Concurrent_refreshes_with_one_token_cannot_both_succeed()
    {
        var account = await _accounts.CreateVerifiedAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _accounts.RefreshAsync(account.Tokens.RefreshToken)));

        // Exactly one wins (the token was good, so none winning would be a failure too), the others are refused.
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Logout_revokes_the_family()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var successor = await (await _accounts.RefreshAsync(account.Tokens.RefreshToken)).ReadAsync<TokenResponse>(HttpStatusCode.OK);

        var logout = await _accounts.Anonymous.PostAsJsonAsync($"{TestAccounts.Prefix}/tokens/revoke", new { refreshToken = successor.RefreshToken });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await (await _accounts.RefreshAsync(successor.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-refresh-token");
        var live = await app.QueryAsync(db => db.RefreshTokens.CountAsync(t => t.UserId == account.Id && t.RevokedAt == null));
        Assert.Equal(0, live);
    }

    [Fact]
    public async Task Unknown_and_expired_refresh_tokens_are_refused()
    {
        var account = await _accounts.CreateVerifiedAsync();
        await app.QueryAsync(db => db.RefreshTokens.Where(t => t.UserId == account.Id)
            .ExecuteUpdateAsync(setters => setters.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));

        await (await _accounts.RefreshAsync(account.Tokens.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-refresh-token");
        await (await _accounts.RefreshAsync("made-up-token")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-refresh-token");
        await (await _accounts.RefreshAsync("")).AssertValidationProblemAsync("refreshToken");
    }
}
