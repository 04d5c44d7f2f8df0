using Microsoft.AspNetCore.Http.HttpResults;

namespace SkillSwap.Payments.Ledger;

public static class LedgerAuditApi
{
    public const string Route = "/api/v1/payments/ledger/audit";

    /// <summary>Moderators and admins (an admin token also carries the moderator role).</summary>
    public const string AuditorPolicy = "payments-auditor";

    public static WebApplication MapLedgerAuditApi(this WebApplication app)
    {
        app.MapGet(Route, RunAsync)
            .RequireAuthorization(AuditorPolicy)
            .WithTags("Ledger")
            .WithName("AuditLedger")
            .WithSummary("Check the ledger's invariants (moderators and admins)")
            .WithDescription("Recomputes from the entries: the sum of all entries (must be 0), accounts whose balance differs "
                + "from their entries, negative wallets and escrow accounts, unbalanced transactions and escrows whose account "
                + "disagrees with their status, all 0 when healthy; plus the credits minted, in wallets and in escrow. "
                + "Full scans: for operators, not for polling. 403 for members.");
        return app;
    }

    private static async Task<Ok<LedgerAuditReport>> RunAsync(LedgerAudit audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.RunAsync(cancellationToken));
}
