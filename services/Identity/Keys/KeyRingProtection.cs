using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace SkillSwap.Identity.Keys;

/// <summary>
/// The Data Protection key ring encrypts the JWT signing keys and lives in <c>identitydb</c>; protected by nothing, a
/// copy of the database would be a copy of the power to sign tokens. Each key of the ring is therefore encrypted with a
/// certificate that is not in the database: <c>KeyRing:Certificate</c>, a base64 PKCS#12 file (with its private key),
/// and <c>KeyRing:CertificatePassword</c>, both from a secret store (a Kubernetes secret, the manifest's
/// <c>identity-key-ring-certificate</c> parameter). Production refuses to start without it; development and tests run
/// without, as before.
/// </summary>
public static class KeyRingProtection
{
    public const string CertificateKey = "KeyRing:Certificate";
    public const string PasswordKey = "KeyRing:CertificatePassword";

    public static IDataProtectionBuilder ProtectKeyRing(this IDataProtectionBuilder dataProtection, IConfiguration configuration, IHostEnvironment environment)
    {
        var encoded = configuration[CertificateKey];
        if (string.IsNullOrWhiteSpace(encoded))
        {
            return environment.IsProduction()
                ? throw new InvalidOperationException(
                    $"{CertificateKey} is required in Production: a base64 PKCS#12 certificate with its private key (and {PasswordKey}) "
                    + "that protects the key ring encrypting the signing keys. See services/Identity/README.md, \"Configuration\".")
                : dataProtection;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(encoded), configuration[PasswordKey], X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw new InvalidOperationException($"{CertificateKey} is not a base64 PKCS#12 certificate that {PasswordKey} opens: {ex.Message}", ex);
        }
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{CertificateKey} has no private key: the key ring could be written but never read.");
        }
        return dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }
}
