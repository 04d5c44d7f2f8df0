using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SkillSwap.EventBus.EntityFrameworkCore;

/// <summary>Start-up helpers of the services that keep their data (and their outbox and inbox) in EF Core.</summary>
public static class DatabaseMigrations
{
    private const int MaxAttempts = 30;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Applies the pending migrations of <typeparamref name="TContext"/> before the service takes traffic, then
    /// <paramref name="seed"/> if given, both under the database's schema lock (<see cref="SchemaChanges"/>): replicas
    /// starting together migrate one after the other, and the later ones find nothing to do. The database server may
    /// still be starting (the AppHost starts everything at once), so connection failures are retried with a growing
    /// delay (up to 30 attempts, about two minutes); any other error fails start-up at once.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TContext>(
        this IServiceProvider services, Func<IServiceProvider, CancellationToken, Task>? seed = null, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrations));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
                await SchemaChanges.ApplyExclusivelyAsync(database.GetConnectionString()!, $"migrations:{typeof(TContext).Name}", async changing =>
                {
                    await database.MigrateAsync(changing);
                    if (seed is not null)
                    {
                        await seed(scope.ServiceProvider, changing);
                    }
                }, logger, cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsTransient(ex))
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 250 * attempt));
                logger.LogWarning("Database of {Context} not reachable yet (attempt {Attempt}/{MaxAttempts}): {Error}; retrying in {Delay}",
                    typeof(TContext).Name, attempt, MaxAttempts, ex.Message, delay);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="exception"/> (or one of its causes) is a failure that waiting can cure: what the ADO.NET
    /// provider flags as transient (Npgsql: network errors, timeouts, "too many connections"...), PostgreSQL's
    /// "the database system is starting up" (57P03), sockets and timeouts.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        DbException { IsTransient: true } => true,
        DbException { SqlState: "57P03" } => true,
        System.Net.Sockets.SocketException or TimeoutException => true,
        _ => exception.InnerException is { } cause && IsTransient(cause),
    };
}
