using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Payments.Escrow;
using SkillSwap.Payments.Infrastructure;
using SkillSwap.Payments.Ledger;

namespace SkillSwap.Payments.Wallets;

public static class WalletsApi
{
    public const string RoutePrefix = "/api/v1/wallet";
    public const int DefaultStatementLimit = 20;
    public const int MaxStatementLimit = 100;

    private const string CursorPrefix = "entry:";

    public static WebApplication MapWalletsApi(this WebApplication app)
    {
        var wallet = app.MapGroup(RoutePrefix).WithTags("Wallet").RequireAuthorization();

        wallet.MapGet("", GetMineAsync)
            .WithName("GetMyWallet")
            .WithSummary("Your time-credit balance")
            .WithDescription("Balance, credits held in escrow for the sessions you booked, and credits coming to you for the "
                + "sessions you teach, in minutes and in credits (1 credit = 60 minutes). Zero, with a null createdAt, until "
                + "the wallet opens with the welcome grant shortly after sign-up.");

        wallet.MapGet("/statement", GetStatementAsync)
            .WithName("GetMyStatement")
            .WithSummary("The movements of your wallet, newest first")
            .WithDescription("Each with its kind (grant, hold, release, refund, late-cancellation, dispute-settlement), signed "
                + "amount, balance after it, booking and session. limit 1-100 (default 20); pass nextCursor as cursor for the next page.");

        wallet.MapGet("/escrows/{bookingId}", GetEscrowAsync)
            .WithName("GetEscrow")
            .WithSummary("The escrow of one of your bookings")
            .WithDescription("Status and amounts, for the booking's learner and teacher only: anyone else gets 404, as for an "
                + "unknown booking.");
        return app;
    }

    private static async Task<Results<Ok<WalletResponse>, ProblemHttpResult>> GetMineAsync(
        ClaimsPrincipal user, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return PaymentsProblems.Unauthenticated();
        }
        // The balance and the escrows from one snapshot: read apart, a refund committing in between would show the
        // escrow gone but the credits not back yet.
        var (wallet, open) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            var wallet = await FindWalletAsync(db, callerId, cancellationToken);
            var open = wallet is null ? [] : await db.Escrows.AsNoTracking()
                .Where(e => (e.LearnerAccountId == wallet.Id || e.TeacherAccountId == wallet.Id)
                    && (e.Status == EscrowStatus.Held || e.Status == EscrowStatus.Frozen))
                .GroupBy(e => e.LearnerAccountId == wallet.Id)
                .Select(group => new OpenEscrows(group.Key, group.Sum(e => (long)e.AmountMinutes)))
                .ToListAsync(cancellationToken);
            return (wallet, open);
        });
        if (wallet is null)
        {
            return TypedResults.Ok(new WalletResponse(0, 0, 0, 0, 0, 0, null));
        }
        var held = open.Where(g => g.AsLearner).Sum(g => g.Minutes);
        var incoming = open.Where(g => !g.AsLearner).Sum(g => g.Minutes);
        return TypedResults.Ok(new WalletResponse(
            wallet.BalanceMinutes,
            Credits.FromMinutes(wallet.BalanceMinutes),
            held,
            Credits.FromMinutes(held),
            incoming,
            Credits.FromMinutes(incoming),
            wallet.CreatedAt));
    }

    private sealed record OpenEscrows(bool AsLearner, long Minutes);

    private static async Task<Results<Ok<StatementResponse>, ValidationProblem, ProblemHttpResult>> GetStatementAsync(
        [FromQuery] string? limit,
        [FromQuery] string? cursor,
        ClaimsPrincipal user,
        PaymentsDbContext db,
        CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return PaymentsProblems.Unauthenticated();
        }
        var errors = new Dictionary<string, string[]>();
        var pageSize = DefaultStatementLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxStatementLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxStatementLimit}."];
        }
        long? before = null;
        if (cursor is not null)
        {
            if (TryReadCursor(cursor, out var entryId))
            {
                before = entryId;
            }
            else
            {
                errors["cursor"] = ["cursor must be the nextCursor of a previous page."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: PaymentsProblems.TypePrefix + "invalid-request");
        }

        var wallet = await FindWalletAsync(db, callerId, cancellationToken);
        if (wallet is null)
        {
            return TypedResults.Ok(new StatementResponse([], null));
        }
        var rows = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.AccountId == wallet.Id && (before == null || e.Id < before))
            .OrderByDescending(e => e.Id)
            .Join(db.LedgerTransactions, e => e.TransactionId, t => t.Id, (e, t) => new
            {
                e.Id,
                t.Kind,
                e.AmountMinutes,
                e.BalanceAfterMinutes,
                t.BookingId,
                t.SessionId,
                t.OccurredAt,
            })
            .Take(pageSize + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(pageSize)
            .Select(row => new StatementEntryResponse(
                row.Id.ToString(CultureInfo.InvariantCulture),
                WireNames.Of(row.Kind),
                row.AmountMinutes,
                Credits.FromMinutes(row.AmountMinutes),
                row.BalanceAfterMinutes,
                Credits.FromMinutes(row.BalanceAfterMinutes),
                row.BookingId,
                row.SessionId,
                row.OccurredAt.ToUniversalTime()))
            .ToList();
        var next = rows.Count > pageSize ? WriteCursor(rows[pageSize - 1].Id) : null;
        return TypedResults.Ok(new StatementResponse(page, next));
    }

    private static async Task<Results<Ok<EscrowResponse>, ValidationProblem, ProblemHttpResult>> GetEscrowAsync(
        string bookingId, ClaimsPrincipal user, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } callerId)
        {
            return PaymentsProblems.Unauthenticated();
        }
        if (!Guid.TryParse(bookingId, out var id))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["bookingId"] = ["bookingId must be a booking id (a UUID)."] },
                type: PaymentsProblems.TypePrefix + "invalid-request");
        }
        var wallet = await FindWalletAsync(db, callerId, cancellationToken);
        var escrow = wallet is null
            ? null
            : await db.Escrows.AsNoTracking()
                .SingleOrDefaultAsync(e => e.BookingId == id && (e.LearnerAccountId == wallet.Id || e.TeacherAccountId == wallet.Id), cancellationToken);
        if (escrow is null)
        {
            return PaymentsProblems.EscrowNotFound();
        }
        return TypedResults.Ok(EscrowResponse.From(escrow, escrow.LearnerAccountId == wallet!.Id ? "learner" : "teacher"));
    }

    /// <summary>The wallet the caller owns now: an anonymised one (erasure) belongs to nobody.</summary>
    private static Task<Account?> FindWalletAsync(PaymentsDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == userId && a.Kind == AccountKind.Wallet, cancellationToken);

    private static string WriteCursor(long entryId) =>
        PageCursor.Encode(CursorPrefix + entryId.ToString(CultureInfo.InvariantCulture));

    private static bool TryReadCursor(string cursor, out long entryId)
    {
        entryId = 0;
        return PageCursor.TryDecode(cursor, 1, out var fields)
            && fields[0].StartsWith(CursorPrefix, StringComparison.Ordinal)
            && long.TryParse(fields[0].AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out entryId)
            && entryId > 0;
    }
}
