using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace SkillSwap.Chat.Cluster;

/// <summary>Healthy once this replica's silo is an active member of the cluster: before that, no grain call can succeed.</summary>
public sealed class ChatClusterHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var active = snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {silo.SiloAddress} active; {active} active in the cluster")
            : HealthCheckResult.Unhealthy($"silo {silo.SiloAddress} is {status}"));
    }
}
