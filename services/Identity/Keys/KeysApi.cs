using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SkillSwap.Identity.Accounts;

namespace SkillSwap.Identity.Keys;

/// <summary>One public key of the JWKS (RFC 7517), with exactly the members validators need.</summary>
public sealed record PublicJwk(string Kty, string Use, string Alg, string Kid, string Crv, string X, string Y);

public sealed record JwksDocument(IReadOnlyList<PublicJwk> Keys);

/// <summary>The subset of OpenID Connect discovery that token validators read.</summary>
public sealed record DiscoveryDocument(
    [property: System.Text.Json.Serialization.JsonPropertyName("issuer")] string Issuer,
    [property: System.Text.Json.Serialization.JsonPropertyName("jwks_uri")] string JwksUri,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_endpoint")] string TokenEndpoint,
    [property: System.Text.Json.Serialization.JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> SigningAlgorithms);

public sealed record KeyRotated(string KeyId, DateTimeOffset ActivatesAt);

public static class KeysApi
{
    public const string JwksPath = "/.well-known/jwks.json";
    public const string DiscoveryPath = "/.well-known/openid-configuration";

    /// <summary>Short enough that a rotation reaches validators quickly, long enough to spare Identity their polling.</summary>
    private const string PublicCacheControl = "public, max-age=300";

    public static IEndpointRouteBuilder MapWellKnownApi(this IEndpointRouteBuilder app)
    {
        var wellKnown = app.MapGroup("").AllowAnonymous().WithTags("Keys");
        wellKnown.MapGet(JwksPath, GetJwksAsync)
            .WithName("GetJwks")
            .WithSummary("Public keys that verify access tokens")
            .WithDescription("The signing key in use, its scheduled successor and earlier keys whose tokens may not have expired yet.");
        wellKnown.MapGet(DiscoveryPath, GetDiscovery)
            .WithName("GetOpenIdConfiguration")
            .WithSummary("Discovery document pointing validators at the JWKS");
        return app;
    }

    public static RouteGroupBuilder MapKeysApi(this RouteGroupBuilder identity)
    {
        identity.MapPost("/keys/rotate", RotateAsync)
            .RequireAuthorization(IdentityPolicies.Admin)
            .WithTags("Keys")
            .WithName("RotateSigningKey")
            .WithSummary("Rotate the signing key now (admins)")
            .WithDescription("New tokens are signed with a new key at once; tokens signed with the previous key stay valid until they expire.");
        return identity;
    }

    private static async Task<Ok<JwksDocument>> GetJwksAsync(SigningKeyStore keys, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var published = await keys.GetPublishedKeysAsync(cancellationToken);
        httpContext.Response.Headers.CacheControl = PublicCacheControl;
        return TypedResults.Ok(new JwksDocument([.. published.Select(key => new PublicJwk(key.Kty, key.Use, key.Alg, key.Kid, key.Crv, key.X, key.Y))]));
    }

    /// <summary>
    /// The issuer is the configured one that tokens carry and validators check; the addresses are built from the
    /// request so the document is right whichever host name the caller used.
    /// </summary>
    private static Ok<DiscoveryDocument> GetDiscovery(HttpRequest request, IOptions<JwtValidationOptions> jwt)
    {
        var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
        request.HttpContext.Response.Headers.CacheControl = PublicCacheControl;
        return TypedResults.Ok(new DiscoveryDocument(
            jwt.Value.Issuer,
            origin + JwksPath,
            origin + IdentityApi.RoutePrefix + "/tokens",
            [SecurityAlgorithms.EcdsaSha256]));
    }

    private static async Task<Ok<KeyRotated>> RotateAsync(SigningKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await keys.RotateAsync(time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new KeyRotated(key.Id, key.ActivatesAt));
    }
}
