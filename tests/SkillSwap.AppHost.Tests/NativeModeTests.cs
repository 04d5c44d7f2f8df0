using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using SkillSwap.Testing;
using StackExchange.Redis;

namespace SkillSwap.AppHost.Tests;

/// <summary>
/// Native mode on a machine without a container runtime: the AppHost starts PostgreSQL, Redis, RabbitMQ and the SMTP server
/// itself, they become healthy, and a second start on the same state folder finds the first run's data.
/// Only the infrastructure is started here (the services are covered by the end-to-end suite).
/// </summary>
public sealed class NativeModeTests
{
    private static readonly string[] InfrastructureResources = ["postgres", "cache", "eventbus", "identitydb", "mail"];

    [Fact]
    public async Task Native_servers_become_healthy_and_keep_their_data_across_runs()
    {
        var parent = Environment.GetEnvironmentVariable("SKILLSWAP_TEST_STATE") ?? Path.GetTempPath();
        var state = Path.Combine(parent, $"apphost-{Guid.NewGuid():N}"[..16]);
        Directory.CreateDirectory(state);
        File.SetUnixFileMode(state, (UnixFileMode)0b111_101_101);
        var marker = Guid.NewGuid().ToString("N");

        await using (var first = await StartInfrastructureAsync(state))
        {
            await using var connection = new NpgsqlConnection(await first.GetConnectionStringAsync("identitydb"));
            await connection.OpenAsync();
            await using (var create = new NpgsqlCommand("CREATE TABLE survives_restart (marker text)", connection))
            {
                await create.ExecuteNonQueryAsync();
            }
            await using var insert = new NpgsqlCommand("INSERT INTO survives_restart VALUES ($1)", connection)
            {
                Parameters = { new() { Value = marker } },
            };
            await insert.ExecuteNonQueryAsync();

            using var redis = await ConnectionMultiplexer.ConnectAsync((await first.GetConnectionStringAsync("cache"))!);
            await redis.GetDatabase().StringSetAsync("survives-restart", marker);
            // Redis persists on shutdown (SAVE on SIGTERM with the --persist settings of native mode).
        }

        await using var second = await StartInfrastructureAsync(state);
        await using (var connection = new NpgsqlConnection(await second.GetConnectionStringAsync("identitydb")))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT marker FROM survives_restart", connection);
            Assert.Equal(marker, await read.ExecuteScalarAsync());
        }
        using (var redis = await ConnectionMultiplexer.ConnectAsync((await second.GetConnectionStringAsync("cache"))!))
        {
            Assert.Equal(marker, (string?)await redis.GetDatabase().StringGetAsync("survives-restart"));
        }
    }

    private static async Task<DistributedApplication> StartInfrastructureAsync(string state)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SkillSwap_AppHost>(
        [
            "Infrastructure:Mode=Native",
            $"Infrastructure:StateDirectory={state}",
            "Gateway:Port=0",
            "App:Port=0",
        ]);
        // Keep only the backing servers: the point here is how the AppHost runs them. The app's web server goes too: it
        // waits for the gateway, a project, and would hold the start for ever.
        foreach (var resource in builder.Resources.Where(r => r is ProjectResource || r.Name == "app").ToList())
        {
            builder.Resources.Remove(resource);
        }

        var app = await builder.BuildAsync();
        await app.StartHealthyAsync(InfrastructureResources, TimeSpan.FromMinutes(2));
        return app;
    }
}
