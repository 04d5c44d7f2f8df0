namespace SkillSwap.Identity.Tests.Infrastructure;

/// <summary>Queue and exchange names private to one test application, so runs sharing a broker never see each other's events.</summary>
public sealed record BusNames(string IdentityService, string CaptureService, string Exchange, string DeadLetterExchange)
{
    public static BusNames Unique()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return new BusNames($"identity-{suffix}", $"identity-probe-{suffix}", $"events-{suffix}", $"dead-letter-{suffix}");
    }
}
