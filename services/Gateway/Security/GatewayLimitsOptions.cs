using System.ComponentModel.DataAnnotations;

namespace SkillSwap.Gateway.Security;

public sealed class GatewayLimitsOptions
{
    public const string SectionName = "Gateway:Limits";

    /// <summary>The largest request body the mobile app may send (profile text, chat messages); 1 MiB by default.</summary>
    [Range(1_024, 50 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
