namespace SkillSwap.Identity.Tokens;

public static class TokenResponses
{
    public static TokenResponse From(IssuedAccessToken access, string refreshToken, DateTimeOffset refreshExpiresAt, TimeProvider time) => new(
        access.Token,
        "Bearer",
        (int)Math.Round((access.ExpiresAt - time.GetUtcNow()).TotalSeconds),
        access.ExpiresAt,
        refreshToken,
        refreshExpiresAt);
}
