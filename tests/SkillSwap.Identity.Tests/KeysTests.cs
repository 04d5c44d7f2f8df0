using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using SkillSwap.Identity.Keys;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class KeysTests(IdentityApp app)
{
    private readonly TestAccounts _accounts = new(app);

    [Fact]
    public async Task The_JWKS_publishes_the_public_key_named_in_the_tokens_kid()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var kid = new JsonWebToken(account.Tokens.AccessToken).Kid;

        var response = await _accounts.Anonymous.GetAsync("/.well-known/jwks.json");

        var jwks = await response.ReadAsync<JsonElement>(HttpStatusCode.OK);
        var key = jwks.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == kid);
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.False(key.TryGetProperty("d", out _), "the private part must never be published");
        Assert.Equal(["alg", "crv", "kid", "kty", "use", "x", "y"], key.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task The_discovery_document_points_at_the_JWKS_on_the_host_that_was_asked()
    {
        var discovery = await (await _accounts.Anonymous.GetAsync("/.well-known/openid-configuration")).ReadAsync<JsonElement>(HttpStatusCode.OK);

        Assert.Equal("skillswap-identity", discovery.GetProperty("issuer").GetString());
        Assert.Equal("http://localhost/.well-known/jwks.json", discovery.GetProperty("jwks_uri").GetString());
    }

    [Fact]
    public async Task Another_service_validates_the_tokens_with_the_published_keys_and_refuses_forgeries()
    {
        var account = await _accounts.CreateVerifiedAsync();
        await using var downstream = await DownstreamService.StartAsync(app);

        var whoAmI = await (await downstream.WhoAmIAsync(account.Tokens.AccessToken)).ReadAsync<WhoAmI>(HttpStatusCode.OK);
        Assert.Equal(account.Id.ToString(), whoAmI.Sub);
        Assert.Equal(["member"], whoAmI.Roles);

        string[] forgeries =
        [
            await TokenForge.WithStrangerKeyAsync(app, account.Id),
            await TokenForge.WithRealKeyAsync(app, account.Id, DateTime.UtcNow.AddMinutes(-5)),
            await TokenForge.WithRealKeyAsync(app, account.Id, DateTime.UtcNow.AddMinutes(5), issuer: "someone-else"),
            await TokenForge.WithRealKeyAsync(app, account.Id, DateTime.UtcNow.AddMinutes(5), audience: "another-app"),
            TestTokenIssuer.Unsigned(account.Id, role: "admin"),
            account.Tokens.AccessToken[..^4] + "AAAA",
        ];
        foreach (var forgery in forgeries)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await downstream.WhoAmIAsync(forgery)).StatusCode);
        }
    }

    [Fact]
    public async Task After_a_rotation_new_tokens_use_the_new_key_and_earlier_tokens_stay_valid()
    {
        var admin = await AdminAccount.GetAsync(app, _accounts);
        var member = await _accounts.CreateVerifiedAsync();
        var before = member.Tokens.AccessToken;

        var rotation = await (await _accounts.Authorized(admin).PostAsync($"{TestAccounts.Prefix}/keys/rotate", null))
            .ReadAsync<KeyRotated>(HttpStatusCode.OK);

        Assert.NotEqual(new JsonWebToken(before).Kid, rotation.KeyId);
        var after = (await _accounts.LoginOkAsync(member.Email)).AccessToken;
        Assert.Equal(rotation.KeyId, new JsonWebToken(after).Kid);
        var jwks = await _accounts.Anonymous.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        var kids = jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.Contains(new JsonWebToken(before).Kid, kids);
        Assert.Contains(rotation.KeyId, kids);

        await using var downstream = await DownstreamService.StartAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await downstream.WhoAmIAsync(before)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await downstream.WhoAmIAsync(after)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.Authorized(before).GetAsync($"{TestAccounts.Prefix}/me")).StatusCode);
    }

    [Fact]
    public async Task A_retired_key_leaves_the_JWKS_once_every_token_it_signed_has_expired()
    {
        var admin = await AdminAccount.GetAsync(app, _accounts);
        var member = await _accounts.CreateVerifiedAsync();
        var oldToken = member.Tokens.AccessToken;
        var oldKid = new JsonWebToken(oldToken).Kid;
        var rotate = () => _accounts.Authorized(admin).PostAsync($"{TestAccounts.Prefix}/keys/rotate", null);
        var previous = await (await rotate()).ReadAsync<KeyRotated>(HttpStatusCode.OK);

        // An hour passes (moved in the database): tokens of the old key are long expired.
        await app.QueryAsync(db => db.SigningKeys.Where(k => k.ActivatesAt <= DateTimeOffset.UtcNow)
            .ExecuteUpdateAsync(setters => setters.SetProperty(k => k.ActivatesAt, k => k.ActivatesAt.AddHours(-1))));
        var current = await (await rotate()).ReadAsync<KeyRotated>(HttpStatusCode.OK);

        var jwks = await _accounts.Anonymous.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        var kids = jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.Contains(current.KeyId, kids);
        Assert.Contains(previous.KeyId, kids);
        Assert.DoesNotContain(oldKid, kids);
        await using var downstream = await DownstreamService.StartAsync(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await downstream.WhoAmIAsync(oldToken)).StatusCode);
    }

    [Fact]
    public async Task Rotation_by_age_publishes_the_successor_before_it_signs()
    {
        var keys = app.Services.GetRequiredService<SigningKeyStore>();
        await app.QueryAsync(db => db.SigningKeys.ExecuteUpdateAsync(setters => setters.SetProperty(k => k.ActivatesAt, k => k.ActivatesAt.AddDays(-31))));

        await keys.RotateIfDueAsync(CancellationToken.None);

        var scheduled = await app.QueryAsync(db => db.SigningKeys.OrderByDescending(k => k.ActivatesAt).FirstAsync());
        Assert.InRange(scheduled.ActivatesAt, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
        var jwks = await _accounts.Anonymous.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        Assert.Contains(scheduled.Id, jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
        var account = await _accounts.CreateVerifiedAsync();
        Assert.NotEqual(scheduled.Id, new JsonWebToken(account.Tokens.AccessToken).Kid);

        // Until then a second check schedules nothing more.
        await keys.RotateIfDueAsync(CancellationToken.None);
        Assert.Equal(scheduled.Id, await app.QueryAsync(db => db.SigningKeys.OrderByDescending(k => k.ActivatesAt).Select(k => k.Id).FirstAsync()));
    }

    [Fact]
    public async Task Only_admins_may_rotate_keys()
    {
        var member = await _accounts.CreateVerifiedAsync();
        var before = await DatabaseFingerprint.TakeAsync(app);

        await (await _accounts.Authorized(member).PostAsync($"{TestAccounts.Prefix}/keys/rotate", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _accounts.Anonymous.PostAsync($"{TestAccounts.Prefix}/keys/rotate", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }
}
