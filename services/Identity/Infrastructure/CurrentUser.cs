using System.Security.Claims;

namespace SkillSwap.Identity.Infrastructure;

public static class CurrentUser
{
    /// <summary>The account id from the access token's sub claim; null for a token Identity did not write.</summary>
    public static Guid? IdOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue("sub"), out var id) ? id : null;
}
