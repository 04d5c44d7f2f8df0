using Microsoft.EntityFrameworkCore;
using Npgsql;
using SkillSwap.Identity.Keys;

namespace SkillSwap.Identity.Infrastructure;

public static class DatabaseStartup
{
    private const int MaxAttempts = 30;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Applies pending migrations and makes sure a signing key exists before the service takes traffic. PostgreSQL
    /// may still be starting (the AppHost starts everything at once), so connection failures are retried.
    /// </summary>
    public static async Task PrepareIdentityDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseStartup));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Database.MigrateAsync(cancellationToken);
                }
                await app.Services.GetRequiredService<SigningKeyStore>().EnsureActiveKeyAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsTransient(ex))
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 250 * attempt));
                logger.LogWarning("Identity database not reachable yet (attempt {Attempt}/{MaxAttempts}): {Error}; retrying in {Delay}",
                    attempt, MaxAttempts, ex.Message, delay);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        // 57P03: "the database system is starting up".
        PostgresException { SqlState: "57P03" } => true,
        System.Net.Sockets.SocketException or TimeoutException => true,
        _ => exception.InnerException is { } cause && IsTransient(cause),
    };
}
