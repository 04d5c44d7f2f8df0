using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.OneTimeTokens;
using SkillSwap.Identity.Tokens;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.Erasure;

/// <summary>
/// The erasure saga, orchestrated by Identity: <c>UserErasureRequested</c> goes out, each participant answers
/// <c>UserDataErased</c>, and when all have answered the account is deleted and <c>UserErased</c> goes out.
/// If the deadline passes first, the request turns overdue and Identity deletes its own part anyway: the legal
/// deadline binds Identity whatever other services do, and the missing participants stay visible on the request
/// for operators. Late answers are still recorded, and the last one completes the saga.
/// </summary>
public sealed class ErasureCoordinator(
    IdentityDbContext db,
    RefreshTokenService refreshTokens,
    OneTimeTokenService oneTimeTokens,
    TimeProvider time,
    IOptions<ErasureOptions> options,
    ILogger<ErasureCoordinator> logger)
{
    /// <summary>Starts the saga, or returns the request already running for this user.</summary>
    public async Task<ErasureRequest> StartAsync(User user, CancellationToken cancellationToken)
    {
        if (await FindAsync(user.Id, cancellationToken) is { } existing)
        {
            return existing;
        }

        var now = time.GetUtcNow();
        var request = new ErasureRequest
        {
            UserId = user.Id,
            RequestedAt = now,
            Deadline = now + options.Value.Deadline,
            Status = ErasureStatus.Pending,
        };
        request.Participants.AddRange(options.Value.NormalizedParticipants.Select(service =>
            new ErasureParticipant { ErasureRequestId = request.Id, Service = service }));
        db.ErasureRequests.Add(request);

        user.ErasureRequestedAt = now;
        await refreshTokens.RevokeAllAsync(user.Id, RevocationReasons.Erasure, cancellationToken);
        await oneTimeTokens.SupersedeAllAsync(user.Id, cancellationToken);
        db.AddIntegrationEvent(new UserErasureRequested(user.Id, request.Deadline));
        if (request.AllAnswered)
        {
            // Nobody else keeps personal data: nothing to wait for.
            await CompleteAsync(request, cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent request for the same user won; report that one.
            db.ChangeTracker.Clear();
            return await FindAsync(user.Id, cancellationToken)
                ?? throw new InvalidOperationException("Erasure request vanished after a unique violation.", ex);
        }
        logger.LogInformation("Erasure {ErasureId} of user {UserId} started, deadline {Deadline}", request.Id, user.Id, request.Deadline);
        return request;
    }

    public Task<ErasureRequest?> FindAsync(Guid userId, CancellationToken cancellationToken) =>
        db.ErasureRequests.SingleOrDefaultAsync(request => request.UserId == userId, cancellationToken);

    /// <summary>Records one participant's answer; the last one completes the saga. Safe to run twice for one answer.</summary>
    public async Task RecordAnswerAsync(Guid userId, string service, CancellationToken cancellationToken)
    {
        var request = await FindAsync(userId, cancellationToken);
        var participant = request?.Participants.Find(candidate => candidate.Service == ErasureOptions.ParticipantName(service));
        if (request is null || participant is null)
        {
            logger.LogWarning("Ignoring erasure answer of {Service} for user {UserId}: no such request or participant", service, userId);
            return;
        }
        participant.ErasedAt ??= time.GetUtcNow();
        if (request.AllAnswered && request.Status != ErasureStatus.Completed)
        {
            await CompleteAsync(request, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Turns pending requests past their deadline overdue and deletes their accounts.</summary>
    public async Task<int> SweepOverdueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var overdue = await db.ErasureRequests
            .Where(request => request.Status == ErasureStatus.Pending && request.Deadline <= now)
            .ToListAsync(cancellationToken);
        foreach (var request in overdue)
        {
            request.Status = ErasureStatus.Overdue;
            await DeleteAccountAsync(request, cancellationToken);
            logger.LogWarning("Erasure {ErasureId} of user {UserId} is overdue; still waiting for {Services}",
                request.Id, request.UserId, string.Join(", ", request.Participants.Where(p => p.ErasedAt is null).Select(p => p.Service)));
        }
        await db.SaveChangesAsync(cancellationToken);
        return overdue.Count;
    }

    private async Task CompleteAsync(ErasureRequest request, CancellationToken cancellationToken)
    {
        await DeleteAccountAsync(request, cancellationToken);
        request.Status = ErasureStatus.Completed;
        request.CompletedAt = time.GetUtcNow();
        db.AddIntegrationEvent(new UserErased(request.UserId));
        logger.LogInformation("Erasure {ErasureId} of user {UserId} completed", request.Id, request.UserId);
    }

    /// <summary>Deletes the account; consents and tokens go with it (cascading foreign keys).</summary>
    private async Task DeleteAccountAsync(ErasureRequest request, CancellationToken cancellationToken)
    {
        if (request.AccountDeletedAt is not null)
        {
            return;
        }
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == request.UserId, cancellationToken);
        if (user is not null)
        {
            var throttleKey = SecretToken.Hash(user.Email);
            await db.LoginThrottles.Where(throttle => throttle.EmailHash == throttleKey).ExecuteDeleteAsync(cancellationToken);
            db.Users.Remove(user);
        }
        request.AccountDeletedAt = time.GetUtcNow();
    }
}
