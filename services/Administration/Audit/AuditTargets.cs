namespace SkillSwap.Administration.Audit;

/// <summary>How audit entries name what they are about, so one target's history is one query.</summary>
public static class AuditTargets
{
    public static string Case(Guid caseId) => $"case:{caseId}";

    public static string User(Guid userId) => $"user:{userId}";

    /// <summary>The KPI projection (its rebuilds).</summary>
    public const string Kpis = "kpis";
}
