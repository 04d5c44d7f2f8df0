using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SkillSwap.Identity.Keys;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests.Infrastructure;

/// <summary>
/// Access tokens that must be refused: expired, signed by a stranger, for another audience. They need Identity's real
/// key store, so they stay here; the unsigned one needs no key and is <see cref="TestTokenIssuer.Unsigned"/>.
/// </summary>
public static class TokenForge
{
    public static async Task<string> WithRealKeyAsync(IdentityApp app, Guid userId, DateTime expires, string issuer = "skillswap-identity", string audience = "skillswap")
    {
        var credentials = await app.Services.GetRequiredService<SigningKeyStore>().GetSigningCredentialsAsync(CancellationToken.None);
        return Create(credentials, userId, expires, issuer, audience);
    }

    /// <summary>Signed by a key Identity never made, under the kid of its real key.</summary>
    public static async Task<string> WithStrangerKeyAsync(IdentityApp app, Guid userId)
    {
        var real = await app.Services.GetRequiredService<SigningKeyStore>().GetSigningCredentialsAsync(CancellationToken.None);
        var stranger = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = real.Key.KeyId };
        return Create(new SigningCredentials(stranger, SecurityAlgorithms.EcdsaSha256), userId, DateTime.UtcNow.AddMinutes(5));
    }

    private static string Create(SigningCredentials credentials, Guid userId, DateTime expires, string issuer = "skillswap-identity", string audience = "skillswap") =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires.AddMinutes(-10),
            NotBefore = expires.AddMinutes(-10),
            Expires = expires,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["role"] = "member" },
        });
}
