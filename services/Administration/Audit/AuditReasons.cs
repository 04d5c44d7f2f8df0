namespace SkillSwap.Administration.Audit;

/// <summary>The reason every staff action carries into the audit log: one rule for every route that asks for it.</summary>
public static class AuditReasons
{
    public const int MinLength = 10;
    public const int MaxLength = 1000;

    /// <summary>The trimmed reason, or null with the error added to <paramref name="errors"/> under "reason".</summary>
    public static string? Read(string? raw, IDictionary<string, string[]> errors)
    {
        var reason = raw?.Trim();
        if (reason is null || reason.Length is < MinLength or > MaxLength)
        {
            errors["reason"] = [$"Between {MinLength} and {MaxLength} characters: the reason is kept in the audit log."];
            return null;
        }
        return reason;
    }
}
