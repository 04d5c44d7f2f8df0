using SkillSwap.Testing;

namespace SkillSwap.AppHost.Tests;

/// <summary>
/// Several replicas of one service starting at the same instant against one empty database, as the AppHost starts
/// Chat's two and a deployment starts every service's pods: each creates the schema it needs (Marten's tables and
/// indexes for a document-store service, EF Core migrations for Payments), and none may die because another was doing
/// the same. Ten rounds, because the collision depends on timing (two starts in three failed before the schema lock).
/// </summary>
public sealed class ReplicaStartTests
{
    private const int Rounds = 10;

    [Fact]
    public async Task Replicas_starting_together_on_an_empty_database_all_become_healthy()
    {
        var postgres = await SharedServers.PostgresAsync();
        var broker = await SharedServers.RabbitMqAsync();
        await using var issuer = await TestTokenIssuer.StartAsync();
        var failures = new List<string>();

        for (var round = 1; round <= Rounds; round++)
        {
            var common = new Dictionary<string, string>
            {
                ["ConnectionStrings:eventbus"] = broker.ConnectionString,
                ["Jwt:Authority"] = issuer.Authority,
            };
            var sessions = new Dictionary<string, string>(common) { ["ConnectionStrings:sessionsdb"] = await postgres.CreateDatabaseAsync("replicas_sessions") };
            var payments = new Dictionary<string, string>(common) { ["ConnectionStrings:paymentsdb"] = await postgres.CreateDatabaseAsync("replicas_payments") };
            ServiceProcess[] replicas =
            [
                new("Sessions", sessions), new("Sessions", sessions),
                new("Payments", payments), new("Payments", payments),
            ];
            try
            {
                var starts = replicas.Select(replica => replica.StartAsync()).ToList();
                try
                {
                    await Task.WhenAll(starts);
                }
                catch
                {
                    // Every replica's outcome, not only the first failure's.
                }
                failures.AddRange(starts.Select((start, index) => (start, index))
                    .Where(pair => pair.start.IsFaulted)
                    .Select(pair => $"round {round}, {replicas[pair.index].Service} replica {pair.index % 2}: {FirstLines(pair.start.Exception!.InnerException!.Message)}"));
            }
            finally
            {
                foreach (var replica in replicas)
                {
                    await replica.DisposeAsync();
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Rounds * 4} replicas never became healthy:\n{string.Join("\n", failures)}");
    }

    /// <summary>The exit and the first exception's own line (a service's JSON log lines repeat the whole DDL).</summary>
    private static string FirstLines(string message) => string.Join("\n    ", message.Split('\n')
        .Where(line => line.StartsWith("Unhandled exception", StringComparison.Ordinal) || line.Contains(" exited with ", StringComparison.Ordinal)
            || line.TrimStart().StartsWith("---> Npgsql", StringComparison.Ordinal))
        .Select(line => line.Length > 300 ? line[..300] : line)
        .Take(3));
}
