namespace SkillSwap.Identity.Accounts;

/// <summary>How the first administrators come to exist; bound from the "Roles" section.</summary>
public sealed class RoleOptions
{
    public const string SectionName = "Roles";

    /// <summary>
    /// Emails that become admins when their owner verifies them. Granting at verification, not at sign-up,
    /// means nobody can claim an admin address without controlling its inbox.
    /// </summary>
    public IList<string> BootstrapAdmins { get; set; } = [];
}
