namespace SkillSwap.Payments.Ledger;

/// <summary>Amounts are integer credit-minutes; one credit is one hour of teaching (60 minutes), prorated.</summary>
public static class Credits
{
    public const int MinutesPerCredit = 60;

    /// <summary>The credits of <paramref name="minutes"/>, rounded to 2 decimal places (90 → 1.5).</summary>
    public static decimal FromMinutes(long minutes) => Math.Round((decimal)minutes / MinutesPerCredit, 2, MidpointRounding.AwayFromZero);

    /// <summary><paramref name="percent"/> of <paramref name="minutes"/>, rounded down to the minute.</summary>
    public static int Share(int minutes, int percent) => (int)((long)minutes * percent / 100);
}
