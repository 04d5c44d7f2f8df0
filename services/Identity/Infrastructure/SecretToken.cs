using System.Security.Cryptography;
using System.Text;

namespace SkillSwap.Identity.Infrastructure;

/// <summary>
/// Opaque secrets handed to users (refresh tokens, email links). Only their SHA-256 is stored: 256 random bits
/// need no salt or slow hash, and a database leak yields nothing that can be replayed.
/// </summary>
public static class SecretToken
{
    /// <summary>Base64url of 32 random bytes is 43 characters; anything much longer is not one of ours.</summary>
    public const int MaxLength = 64;

    public static string Generate() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
