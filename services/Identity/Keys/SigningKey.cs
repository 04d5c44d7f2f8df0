namespace SkillSwap.Identity.Keys;

/// <summary>
/// An ECDSA P-256 key that signs access tokens. The newest key whose <see cref="ActivatesAt"/> has passed signs;
/// keys are published in the JWKS from creation (so validators learn them before they sign anything) until
/// every token they signed has expired.
/// </summary>
public sealed class SigningKey
{
    /// <summary>The kid of the JWKS entry and of the tokens' header.</summary>
    public required string Id { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ActivatesAt { get; init; }

    /// <summary>PKCS#8 private key encrypted with ASP.NET Core Data Protection, never stored in the clear.</summary>
    public required string ProtectedPrivateKey { get; init; }

    /// <summary>Public point coordinates, base64url, as they appear in the JWK.</summary>
    public required string PublicX { get; init; }

    public required string PublicY { get; init; }
}
