using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.Tokens;

namespace SkillSwap.Identity.Keys;

/// <summary>
/// The signing keys, read from the database and cached briefly so every replica converges on a rotation made by
/// any of them. Private keys are decrypted in memory only.
/// </summary>
public sealed class SigningKeyStore(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    TimeProvider time,
    IOptions<SigningKeyOptions> keyOptions,
    IOptions<TokenOptions> tokenOptions,
    ILogger<SigningKeyStore> logger)
{
    private const string ProtectorPurpose = "SkillSwap.Identity.SigningKeys.v1";

    /// <summary>More keys than can ever be published at once (current, scheduled, and those retired within a token lifetime).</summary>
    private const int KeysConsidered = 20;

    /// <summary>Validators may accept a token this much past its expiry; a retired key stays published that much longer.</summary>
    private static readonly TimeSpan ValidatorClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>An unknown kid makes validators ask for a refresh; this keeps forged kids from turning into a database load.</summary>
    private static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromSeconds(5);

    private readonly IDataProtector _protector = dataProtection.CreateProtector(ProtectorPurpose);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile KeySet? _cached;

    private sealed record KeySet(DateTimeOffset LoadedAt, SigningCredentials Signing, IReadOnlyList<JsonWebKey> Published);

    public async Task<SigningCredentials> GetSigningCredentialsAsync(CancellationToken cancellationToken) =>
        (await GetKeySetAsync(cancellationToken)).Signing;

    /// <summary>Public keys only: the scheduled successor, the current key and those whose tokens may still be valid.</summary>
    public async Task<IReadOnlyList<JsonWebKey>> GetPublishedKeysAsync(CancellationToken cancellationToken) =>
        (await GetKeySetAsync(cancellationToken)).Published;

    public void RequestRefresh()
    {
        if (_cached is { } cached && time.GetUtcNow() - cached.LoadedAt >= MinimumRefreshInterval)
        {
            _cached = null;
        }
    }

    /// <summary>At start-up: a fresh database gets its first key, active at once.</summary>
    public async Task EnsureActiveKeyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var now = time.GetUtcNow();
        if (!await db.SigningKeys.AnyAsync(key => key.ActivatesAt <= now, cancellationToken))
        {
            await AddKeyAsync(db, now, cancellationToken);
        }
    }

    /// <summary>
    /// Creates a successor signing from <paramref name="activatesAt"/>. Tokens signed by the previous key stay valid:
    /// that key remains published until they have expired.
    /// </summary>
    public async Task<SigningKey> RotateAsync(DateTimeOffset activatesAt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var key = await AddKeyAsync(db, activatesAt, cancellationToken);
        _cached = null;
        logger.LogInformation("Signing key {KeyId} created, signing from {ActivatesAt}", key.Id, key.ActivatesAt);
        return key;
    }

    /// <summary>Schedules a successor once the current key is old enough, unless one is already scheduled.</summary>
    public async Task RotateIfDueAsync(CancellationToken cancellationToken)
    {
        var settings = keyOptions.Value;
        var now = time.GetUtcNow();
        DateTimeOffset newest;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            newest = await db.SigningKeys.MaxAsync(key => key.ActivatesAt, cancellationToken);
        }
        if (newest <= now && now - newest >= settings.RotationInterval - settings.PrePublication)
        {
            await RotateAsync(now + settings.PrePublication, cancellationToken);
        }
    }

    private async Task<KeySet> GetKeySetAsync(CancellationToken cancellationToken)
    {
        var cacheDuration = keyOptions.Value.CacheDuration;
        if (_cached is { } fresh && time.GetUtcNow() - fresh.LoadedAt < cacheDuration)
        {
            return fresh;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } loadedMeanwhile && time.GetUtcNow() - loadedMeanwhile.LoadedAt < cacheDuration)
            {
                return loadedMeanwhile;
            }
            var loaded = await LoadAsync(cancellationToken);
            _cached = loaded;
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<KeySet> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var keys = await db.SigningKeys.AsNoTracking()
            .OrderByDescending(key => key.ActivatesAt)
            .Take(KeysConsidered)
            .ToListAsync(cancellationToken);

        var now = time.GetUtcNow();
        var activeIndex = keys.FindIndex(key => key.ActivatesAt <= now);
        if (activeIndex < 0)
        {
            throw new InvalidOperationException("No signing key is active; start-up should have created one.");
        }

        // Newest first: scheduled successors, then the active key, then retired keys while their tokens may live.
        var published = keys.Take(activeIndex + 1).ToList();
        var retention = tokenOptions.Value.AccessTokenLifetime + ValidatorClockSkew;
        for (var index = activeIndex + 1; index < keys.Count; index++)
        {
            var retiredAt = keys[index - 1].ActivatesAt;
            var isPrevious = index == activeIndex + 1;
            if (!isPrevious && retiredAt <= now - retention)
            {
                break;
            }
            published.Add(keys[index]);
        }

        return new KeySet(now, SigningCredentialsOf(keys[activeIndex]), [.. published.Select(PublicJwkOf)]);
    }

    private async Task<SigningKey> AddKeyAsync(IdentityDbContext db, DateTimeOffset activatesAt, CancellationToken cancellationToken)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = ecdsa.ExportParameters(includePrivateParameters: false).Q;
        var privateKey = ecdsa.ExportPkcs8PrivateKey();
        try
        {
            var publicJwk = new JsonWebKey
            {
                Kty = JsonWebAlgorithmsKeyTypes.EllipticCurve,
                Crv = JsonWebKeyECTypes.P256,
                X = Base64UrlEncoder.Encode(point.X),
                Y = Base64UrlEncoder.Encode(point.Y),
            };
            var key = new SigningKey
            {
                // The RFC 7638 thumbprint: unique per key and checkable by anyone holding the public key.
                Id = Base64UrlEncoder.Encode(publicJwk.ComputeJwkThumbprint()),
                CreatedAt = time.GetUtcNow(),
                ActivatesAt = activatesAt,
                ProtectedPrivateKey = _protector.Protect(Convert.ToBase64String(privateKey)),
                PublicX = publicJwk.X,
                PublicY = publicJwk.Y,
            };
            db.SigningKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private SigningCredentials SigningCredentialsOf(SigningKey key)
    {
        var privateKey = Convert.FromBase64String(_protector.Unprotect(key.ProtectedPrivateKey));
        try
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(privateKey, out _);
            return new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = key.Id }, SecurityAlgorithms.EcdsaSha256);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private static JsonWebKey PublicJwkOf(SigningKey key) => new()
    {
        Kty = JsonWebAlgorithmsKeyTypes.EllipticCurve,
        Crv = JsonWebKeyECTypes.P256,
        X = key.PublicX,
        Y = key.PublicY,
        Kid = key.Id,
        Use = JsonWebKeyUseNames.Sig,
        Alg = SecurityAlgorithms.EcdsaSha256,
    };
}
