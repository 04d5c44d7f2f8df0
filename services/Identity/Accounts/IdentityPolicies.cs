namespace SkillSwap.Identity.Accounts;

public static class IdentityPolicies
{
    public const string Admin = "identity-admin";

    /// <summary>Support agents (and admins): account look-ups and the help they give, each recorded.</summary>
    public const string Support = "identity-support";
}
