namespace SkillSwap.Identity.Tokens;

/// <summary>What a sign-in or a refresh returns. Keep the refresh token secret: it is the long-lived session.</summary>
public sealed record TokenResponse(
    string AccessToken,
    string TokenType,
    int ExpiresIn,
    DateTimeOffset AccessTokenExpiresAt,
    string RefreshToken,
    DateTimeOffset RefreshTokenExpiresAt);
