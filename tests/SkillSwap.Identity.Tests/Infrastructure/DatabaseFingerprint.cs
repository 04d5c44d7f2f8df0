using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests.Infrastructure;

/// <summary>A digest of every row Identity keeps (<see cref="DatabaseDigest"/>), to prove a refused request changed nothing.</summary>
public static class DatabaseFingerprint
{
    private static readonly string[] Tables = ["users", "consents", "one_time_tokens", "refresh_tokens", "login_throttles", "erasure_requests", "erasure_participants", "signing_keys"];

    public static Task<string> TakeAsync(IdentityApp app) => app.QueryAsync(db => DatabaseDigest.OfAsync(db, Tables));
}
