using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SkillSwap.AppHost.Infrastructure;

/// <summary>Healthy once the native SMTP server greets with 220, not merely once its port opens.</summary>
public sealed class SmtpHealthProbe(NativeSmtpResource server) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port, timeout.Token);
            using var reader = new StreamReader(client.GetStream());
            var greeting = await reader.ReadLineAsync(timeout.Token);
            return greeting?.StartsWith("220", StringComparison.Ordinal) == true
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"The SMTP server greeted with '{greeting}'");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The SMTP server is not accepting connections yet", ex);
        }
    }
}
