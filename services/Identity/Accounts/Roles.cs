namespace SkillSwap.Identity.Accounts;

/// <summary>
/// Roles are ranked: an admin is also a moderator and a member, so a service that requires "moderator"
/// accepts an admin without knowing the ranking. Tokens carry the role and every role it implies.
/// </summary>
public static class Roles
{
    public const string Member = "member";
    public const string Moderator = "moderator";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Member, Moderator, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);

    public static IReadOnlyList<string> Implied(string role) => role switch
    {
        Admin => [Admin, Moderator, Member],
        Moderator => [Moderator, Member],
        _ => [Member],
    };
}
