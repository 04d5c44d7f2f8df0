using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
namespace SkillSwap.Testing;

/// <summary>
/// Stands in for Identity's key publication: a real Kestrel server on a loopback port serving the discovery document
/// and the JWKS of one ES256 test key. The service under test is pointed at it through <c>Jwt:Authority</c>, so tokens
/// are validated by the real JwtBearer pipeline, keys fetched over HTTP, exactly as against Identity.
/// </summary>
public sealed class TestTokenIssuer : IAsyncDisposable
{
    public const string Issuer = "skillswap-identity";
    public const string Audience = "skillswap";

    private readonly WebApplication _server;
    private readonly ECDsaSecurityKey _key;

    private TestTokenIssuer(WebApplication server, ECDsaSecurityKey key, string authority)
    {
        _server = server;
        _key = key;
        Authority = authority;
    }

    public string Authority { get; }

    public static async Task<TestTokenIssuer> StartAsync()
    {
        var key = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = $"test-{Guid.NewGuid():N}" };
        var (server, authority) = LoopbackServer.Create();
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(key);
        server.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"{authority}/.well-known/jwks.json",
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.EcdsaSha256 },
        }));
        server.MapGet("/.well-known/jwks.json", () => Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = jwk.Kid, ["crv"] = jwk.Crv, ["x"] = jwk.X, ["y"] = jwk.Y,
                },
            },
        }));
        await server.StartAsync();
        return new TestTokenIssuer(server, key, authority);
    }

    /// <summary>A valid access token for <paramref name="userId"/>, as Identity would issue it.</summary>
    public string TokenFor(Guid userId) => TokenFor(userId, "member");

    /// <summary>A valid access token for a user in a staff role ("moderator", "admin").</summary>
    public string TokenFor(Guid userId, string role) =>
        Create(new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256), userId.ToString(), DateTime.UtcNow.AddMinutes(10), role: role);

    /// <summary>A valid token of one sign-in (its <c>sid</c>), as Identity writes them since sign-ins can be ended.</summary>
    public string TokenFor(Guid userId, Guid signInId) =>
        Create(new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256), userId.ToString(), DateTime.UtcNow.AddMinutes(10), signInId: signInId);

    /// <summary>A valid token that expires after <paramref name="lifetime"/>.</summary>
    public string ExpiringIn(Guid userId, TimeSpan lifetime) =>
        Create(new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256), userId.ToString(), DateTime.UtcNow.Add(lifetime), issuedAt: DateTime.UtcNow);

    public string Expired(Guid userId) =>
        Create(new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256), userId.ToString(), DateTime.UtcNow.AddMinutes(-5));

    /// <summary>Signed by a key the issuer never published, under the kid of its real key.</summary>
    public string Forged(Guid userId)
    {
        var stranger = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = _key.KeyId };
        return Create(new SigningCredentials(stranger, SecurityAlgorithms.EcdsaSha256), userId.ToString(), DateTime.UtcNow.AddMinutes(10));
    }

    public string ForAnotherAudience(Guid userId) =>
        Create(new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256), userId.ToString(), DateTime.UtcNow.AddMinutes(10), audience: "someone-else");

    /// <summary>A genuine signature on a token whose subject is not a user id.</summary>
    public string WithSubject(string subject) =>
        Create(new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256), subject, DateTime.UtcNow.AddMinutes(10));

    /// <summary>
    /// An <c>alg: none</c> token with the right issuer and audience. <paramref name="role"/> lets a test claim a privilege
    /// (e.g. <c>admin</c>) so that accepting the token would be an escalation, not merely an anonymous call.
    /// </summary>
    public static string Unsigned(Guid userId, string? role = null)
    {
        static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var roleClaim = role is null ? "" : $",\"role\":\"{role}\"";
        return Encode("""{"alg":"none","typ":"JWT"}""") + "."
            + Encode($$"""{"sub":"{{userId}}","iss":"{{Issuer}}","aud":"{{Audience}}"{{roleClaim}},"iat":{{now}},"exp":{{now + 300}}}""") + ".";
    }

    private static string Create(
        SigningCredentials credentials,
        string subject,
        DateTime expires,
        string audience = Audience,
        string role = "member",
        Guid? signInId = null,
        DateTime? issuedAt = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = role };
        if (signInId is { } sid)
        {
            claims["sid"] = sid.ToString();
        }
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = issuedAt ?? expires.AddMinutes(-10),
            NotBefore = issuedAt ?? expires.AddMinutes(-10),
            Expires = expires,
            SigningCredentials = credentials,
            Claims = claims,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
