using SkillSwap.EventBus.EntityFrameworkCore;
using SkillSwap.Identity.Keys;

namespace SkillSwap.Identity.Infrastructure;

public static class DatabaseStartup
{
    /// <summary>
    /// Applies pending migrations (retrying while PostgreSQL is still starting, see
    /// <see cref="DatabaseMigrations.MigrateDatabaseAsync{TContext}"/>) and makes sure a signing key exists before the
    /// service takes traffic.
    /// </summary>
    public static async Task PrepareIdentityDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.MigrateDatabaseAsync<IdentityDbContext>(cancellationToken);
        await app.Services.GetRequiredService<SigningKeyStore>().EnsureActiveKeyAsync(cancellationToken);
    }
}
