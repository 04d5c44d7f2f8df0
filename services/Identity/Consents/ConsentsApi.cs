using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.Identity.Infrastructure;

namespace SkillSwap.Identity.Consents;

public sealed record LegalDocumentsResponse(string TermsOfServiceVersion, string PrivacyPolicyVersion);

public sealed record ConsentEntry(string Kind, string? DocumentVersion, bool Granted, DateTimeOffset RecordedAt);

public sealed record ConsentsResponse(
    string? AcceptedTermsOfServiceVersion,
    string? AcceptedPrivacyPolicyVersion,
    bool MarketingConsent,
    bool LegalConsentUpToDate,
    LegalDocumentsResponse Current,
    IReadOnlyList<ConsentEntry> History);

public sealed record MarketingConsentRequest(bool? Granted);

public sealed record AcceptLegalDocumentsRequest(string? TermsOfServiceVersion, string? PrivacyPolicyVersion);

public static class ConsentsApi
{
    public static RouteGroupBuilder MapConsentsApi(this RouteGroupBuilder identity)
    {
        identity.MapGet("/legal-documents", (IOptions<LegalDocumentsOptions> legal) =>
                TypedResults.Ok(new LegalDocumentsResponse(legal.Value.TermsOfServiceVersion, legal.Value.PrivacyPolicyVersion)))
            .AllowAnonymous()
            .WithTags("Consents")
            .WithName("GetLegalDocuments")
            .WithSummary("Versions of the terms and privacy policy a sign-up must accept");

        var consents = identity.MapGroup("/me/consents").RequireAuthorization().WithTags("Consents");
        consents.MapGet("/", GetAsync)
            .WithName("GetConsents")
            .WithSummary("The current user's consents and their history");
        consents.MapPut("/marketing", SetMarketingAsync)
            .WithName("SetMarketingConsent")
            .WithSummary("Grant or withdraw consent to marketing messages");
        consents.MapPost("/legal", AcceptLegalAsync)
            .WithName("AcceptLegalDocuments")
            .WithSummary("Accept new versions of the terms and the privacy policy");
        return identity;
    }

    private static async Task<Results<Ok<ConsentsResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal principal, IdentityDbContext db, IOptions<LegalDocumentsOptions> legal, CancellationToken cancellationToken)
    {
        if (await FindUserIdAsync(principal, db, cancellationToken) is not { } userId)
        {
            return IdentityProblems.AccountNotFound();
        }
        return TypedResults.Ok(await LoadAsync(db, userId, legal.Value, cancellationToken));
    }

    private static async Task<Results<Ok<ConsentsResponse>, ValidationProblem, ProblemHttpResult>> SetMarketingAsync(
        MarketingConsentRequest request,
        ClaimsPrincipal principal,
        IdentityDbContext db,
        IOptions<LegalDocumentsOptions> legal,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (request.Granted is not { } granted)
        {
            return TypedResults.ValidationProblem(new ValidationErrors().Add("granted", "State true to consent or false to withdraw.").ToDictionary());
        }
        if (await FindUserIdAsync(principal, db, cancellationToken) is not { } userId)
        {
            return IdentityProblems.AccountNotFound();
        }
        db.Consents.Add(new ConsentRecord { UserId = userId, Kind = ConsentKind.Marketing, Granted = granted, RecordedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await LoadAsync(db, userId, legal.Value, cancellationToken));
    }

    private static async Task<Results<Ok<ConsentsResponse>, ValidationProblem, ProblemHttpResult>> AcceptLegalAsync(
        AcceptLegalDocumentsRequest request,
        ClaimsPrincipal principal,
        IdentityDbContext db,
        IOptions<LegalDocumentsOptions> legal,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var current = legal.Value;
        var errors = new ValidationErrors();
        if (request.TermsOfServiceVersion != current.TermsOfServiceVersion)
        {
            errors.Add("termsOfServiceVersion", $"Only the current terms of service (version {current.TermsOfServiceVersion}) can be accepted.");
        }
        if (request.PrivacyPolicyVersion != current.PrivacyPolicyVersion)
        {
            errors.Add("privacyPolicyVersion", $"Only the current privacy policy (version {current.PrivacyPolicyVersion}) can be accepted.");
        }
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        if (await FindUserIdAsync(principal, db, cancellationToken) is not { } userId)
        {
            return IdentityProblems.AccountNotFound();
        }
        var now = time.GetUtcNow();
        db.Consents.Add(new ConsentRecord { UserId = userId, Kind = ConsentKind.TermsOfService, DocumentVersion = current.TermsOfServiceVersion, Granted = true, RecordedAt = now });
        db.Consents.Add(new ConsentRecord { UserId = userId, Kind = ConsentKind.PrivacyPolicy, DocumentVersion = current.PrivacyPolicyVersion, Granted = true, RecordedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await LoadAsync(db, userId, current, cancellationToken));
    }

    /// <summary>The account behind the token, if it still exists and is not being erased.</summary>
    private static async Task<Guid?> FindUserIdAsync(ClaimsPrincipal principal, IdentityDbContext db, CancellationToken cancellationToken)
    {
        var userId = principal.UserId();
        return userId is not null && await db.Users.AnyAsync(u => u.Id == userId && u.ErasureRequestedAt == null, cancellationToken)
            ? userId
            : null;
    }

    public static async Task<ConsentsResponse> LoadAsync(IdentityDbContext db, Guid userId, LegalDocumentsOptions current, CancellationToken cancellationToken)
    {
        var history = await db.Consents.AsNoTracking()
            .Where(consent => consent.UserId == userId)
            .OrderBy(consent => consent.RecordedAt).ThenBy(consent => consent.Id)
            .ToListAsync(cancellationToken);
        var terms = history.LastOrDefault(consent => consent.Kind == ConsentKind.TermsOfService && consent.Granted)?.DocumentVersion;
        var privacy = history.LastOrDefault(consent => consent.Kind == ConsentKind.PrivacyPolicy && consent.Granted)?.DocumentVersion;
        var marketing = history.LastOrDefault(consent => consent.Kind == ConsentKind.Marketing)?.Granted ?? false;
        return new ConsentsResponse(
            terms,
            privacy,
            marketing,
            terms == current.TermsOfServiceVersion && privacy == current.PrivacyPolicyVersion,
            new LegalDocumentsResponse(current.TermsOfServiceVersion, current.PrivacyPolicyVersion),
            [.. history.Select(ToEntry)]);
    }

    public static ConsentEntry ToEntry(ConsentRecord consent) =>
        new(KindName(consent.Kind), consent.DocumentVersion, consent.Granted, consent.RecordedAt);

    private static string KindName(ConsentKind kind) => kind switch
    {
        ConsentKind.TermsOfService => "termsOfService",
        ConsentKind.PrivacyPolicy => "privacyPolicy",
        ConsentKind.Marketing => "marketing",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
