using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SkillSwap.Testing;

/// <summary>What an operator puts in Identity's <c>KeyRing:Certificate</c>: a self-signed certificate, base64 PKCS#12.</summary>
public static class KeyRingCertificates
{
    public static string NewBase64Pkcs12(string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=skillswap-identity-key-ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12, password));
    }
}
