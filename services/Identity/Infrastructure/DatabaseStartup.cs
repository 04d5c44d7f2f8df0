using SkillSwap.EventBus.EntityFrameworkCore;
using SkillSwap.Identity.Keys;

namespace SkillSwap.Identity.Infrastructure;

public static class DatabaseStartup
{
    /// <summary>
    /// Applies pending migrations (retrying while PostgreSQL is still starting, see
    /// <see cref="DatabaseMigrations.MigrateDatabaseAsync{TContext}"/>) and makes sure a signing key exists before the
    /// service takes traffic, under the schema lock, so replicas starting together make one first key, not one each.
    /// </summary>
    public static Task PrepareIdentityDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default) =>
        app.Services.MigrateDatabaseAsync<IdentityDbContext>(
            (services, changing) => services.GetRequiredService<SigningKeyStore>().EnsureActiveKeyAsync(changing), cancellationToken);
}
