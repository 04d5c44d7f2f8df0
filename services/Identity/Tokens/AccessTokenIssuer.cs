using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Keys;

namespace SkillSwap.Identity.Tokens;

public sealed record IssuedAccessToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Writes ES256 access tokens (RFC 9068 shape) with the current signing key, whose id goes in the kid header. The
/// <c>sid</c> claim names the sign-in (refresh-token family) the token belongs to, so a logout can end its connections.
/// </summary>
public sealed class AccessTokenIssuer(
    SigningKeyStore keys,
    IOptions<JwtValidationOptions> jwt,
    IOptions<TokenOptions> tokens,
    TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<IssuedAccessToken> IssueAsync(User user, Guid signInId, CancellationToken cancellationToken)
    {
        var signingCredentials = await keys.GetSigningCredentialsAsync(cancellationToken);
        var now = time.GetUtcNow();
        var expiresAt = now + tokens.Value.AccessTokenLifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Value.Issuer,
            Audience = jwt.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            TokenType = "at+jwt",
            SigningCredentials = signingCredentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
                [JwtRegisteredClaimNames.Email] = user.Email,
                [JwtRegisteredClaimNames.EmailVerified] = user.EmailVerifiedAt is not null,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
                [JwtRegisteredClaimNames.Sid] = signInId.ToString(),
                ["role"] = Roles.Implied(user.Role),
                ["locale"] = user.Locale,
            },
        };
        return new IssuedAccessToken(_handler.CreateToken(descriptor), expiresAt);
    }
}
