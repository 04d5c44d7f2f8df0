namespace SkillSwap.Identity.Accounts;

public static class IdentityPolicies
{
    public const string Admin = "identity-admin";
}
