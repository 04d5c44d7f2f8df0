using BCrypt.Net;
using Microsoft.Extensions.Options;

namespace SkillSwap.Identity.Passwords;

/// <summary>
/// bcrypt over a SHA-384 pre-hash ("enhanced" mode): plain bcrypt ignores everything past 72 bytes, and our
/// policy allows 128 characters.
/// </summary>
public sealed class PasswordHasher
{
    private const HashType PreHash = HashType.SHA384;
    private readonly int _workFactor;
    private readonly Lazy<string> _dummyHash;

    public PasswordHasher(IOptions<PasswordOptions> options)
    {
        _workFactor = options.Value.WorkFactor;
        _dummyHash = new Lazy<string>(() => Hash("timing-equaliser-for-unknown-accounts"));
    }

    public string Hash(string password) => BCrypt.Net.BCrypt.EnhancedHashPassword(password, PreHash, _workFactor);

    public bool Verify(string password, string hash) => BCrypt.Net.BCrypt.EnhancedVerify(password, hash, PreHash);

    /// <summary>
    /// Spends the same time as a real check when there is no account, so response times do not reveal which
    /// emails are registered.
    /// </summary>
    public void SpendVerificationTime(string password) => Verify(password, _dummyHash.Value);

    /// <summary>True when the hash was made with a lower cost than the one configured now.</summary>
    public bool NeedsRehash(string hash) => BCrypt.Net.BCrypt.PasswordNeedsRehash(hash, _workFactor);
}
