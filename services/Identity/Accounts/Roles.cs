namespace SkillSwap.Identity.Accounts;

/// <summary>
/// Roles are ranked: an admin is also a moderator, a support agent and a member, so a service that requires "moderator"
/// or "support" accepts an admin without knowing the ranking. Moderators and support are separate staff roles: support
/// looks accounts up, moderators decide cases. Tokens carry the role and every role it implies.
/// </summary>
public static class Roles
{
    public const string Member = "member";
    public const string Moderator = "moderator";
    public const string Support = "support";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Member, Moderator, Support, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);

    public static IReadOnlyList<string> Implied(string role) => role switch
    {
        Admin => [Admin, Moderator, Support, Member],
        Moderator => [Moderator, Member],
        Support => [Support, Member],
        _ => [Member],
    };
}
