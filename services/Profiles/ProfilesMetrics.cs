using System.Diagnostics.Metrics;

namespace SkillSwap.Profiles;

/// <summary>Business counters of the Profiles service, exported with the rest of the service's metrics.</summary>
public static class ProfilesMetrics
{
    public const string MeterName = "SkillSwap.Profiles";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> MatchesProposed = Meter.CreateCounter<long>(
        "skillswap.profiles.matches_proposed", description: "Match suggestions returned to users.");

    public static readonly Counter<long> Searches = Meter.CreateCounter<long>(
        "skillswap.profiles.searches", description: "Profile searches run.");
}
