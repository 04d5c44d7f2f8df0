using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.Identity.Consents;
using SkillSwap.Identity.Infrastructure;

namespace SkillSwap.Identity.Accounts;

public sealed record AccountResponse(
    Guid Id,
    string Email,
    bool EmailVerified,
    string DisplayName,
    string Locale,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt,
    bool MarketingConsent,
    bool LegalConsentUpToDate,
    bool ErasureRequested);

public sealed record ChangeRoleRequest(string? Role);

public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder identity)
    {
        identity.MapGet("/me", GetMeAsync)
            .RequireAuthorization()
            .WithTags("Accounts")
            .WithName("GetMyAccount")
            .WithSummary("The signed-in user's account");

        identity.MapPut("/users/{userId:guid}/role", ChangeRoleAsync)
            .RequireAuthorization(IdentityPolicies.Admin)
            .WithTags("Accounts")
            .WithName("ChangeUserRole")
            .WithSummary("Make a user a member, moderator, support agent or admin (admins)")
            .WithDescription("Takes effect on the user's next sign-in or refresh.");
        return identity;
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetMeAsync(
        ClaimsPrincipal principal, IdentityDbContext db, IOptions<LegalDocumentsOptions> legal, CancellationToken cancellationToken)
    {
        var userId = principal.UserId();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return IdentityProblems.AccountNotFound();
        }
        var consents = await ConsentsApi.LoadAsync(db, user.Id, legal.Value, cancellationToken);
        return TypedResults.Ok(new AccountResponse(
            user.Id,
            user.Email,
            user.EmailVerifiedAt is not null,
            user.DisplayName,
            user.Locale,
            Roles.Implied(user.Role),
            user.CreatedAt,
            consents.MarketingConsent,
            consents.LegalConsentUpToDate,
            user.ErasureRequestedAt is not null));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangeRoleAsync(
        Guid userId, ChangeRoleRequest request, IdentityDbContext db, CancellationToken cancellationToken)
    {
        if (!Roles.IsKnown(request.Role))
        {
            return TypedResults.ValidationProblem(new ValidationErrors()
                .Add("role", $"The role must be one of: {string.Join(", ", Roles.All)}.").ToDictionary());
        }
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return IdentityProblems.UserNotFound();
        }
        user.Role = request.Role!;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
