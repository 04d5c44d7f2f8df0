using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Infrastructure;
using SkillSwap.Identity.OneTimeTokens;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.Identity.MailedLinks;

/// <summary>
/// Answers queued <see cref="LinkRequest"/>s off the request path: issues the link when the address has an account
/// that may receive it, and stages the event Notifications mails. Woken by each request; a periodic sweep also answers
/// requests another replica queued before it stopped.
/// </summary>
public sealed class LinkMailer(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<OneTimeTokenOptions> options,
    ILogger<LinkMailer> logger) : BackgroundService
{
    private readonly SemaphoreSlim _requested = new(0);

    /// <summary>Queues a request on the caller's context; the caller saves it and then calls <see cref="Wake"/>.</summary>
    public void Queue(IdentityDbContext db, OneTimeTokenPurpose purpose, string email, string? provenPasswordHash) =>
        db.LinkRequests.Add(new LinkRequest
        {
            Purpose = purpose,
            Email = email,
            ProvenPasswordHash = provenPasswordHash,
            RequestedAt = time.GetUtcNow(),
        });

    public void Wake()
    {
        // One pending wake-up is enough: a drain answers everything queued before it started.
        if (_requested.CurrentCount == 0)
        {
            _requested.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Answering queued link requests failed; trying again at the next wake-up or sweep");
            }
            await _requested.WaitAsync(options.Value.LinkRequestSweepInterval, stoppingToken);
        }
    }

    /// <summary>Answers every queued request, one transaction each; replicas skip rows another is answering.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (await AnswerNextAsync(cancellationToken))
        {
        }
    }

    private async Task<bool> AnswerNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var oneTimeTokens = scope.ServiceProvider.GetRequiredService<OneTimeTokenService>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async cancellation =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellation);
            var request = await db.LinkRequests
                .FromSql($"SELECT * FROM link_requests ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .SingleOrDefaultAsync(cancellation);
            if (request is null)
            {
                return false;
            }
            var user = await db.Users.SingleOrDefaultAsync(u => u.Email == request.Email, cancellation);
            if (request.Purpose == OneTimeTokenPurpose.PasswordReset && user is { ErasureRequestedAt: null })
            {
                var reset = await oneTimeTokens.IssuePasswordResetAsync(user.Id, cancellation);
                db.AddIntegrationEvent(new PasswordResetRequested(user.Id, user.Email, reset.Token, reset.ExpiresAt, user.Locale));
            }
            else if (request.Purpose == OneTimeTokenPurpose.EmailVerification && user is { EmailVerifiedAt: null, ErasureRequestedAt: null }
                && request.ProvenPasswordHash is { } proven && proven == user.PasswordHash)
            {
                var confirmation = await oneTimeTokens.IssueConfirmationAsync(user.Id, user.PasswordHash, cancellation);
                db.AddIntegrationEvent(new EmailVerificationRequested(user.Id, user.Email, confirmation.Token, confirmation.ExpiresAt, user.Locale));
            }
            db.LinkRequests.Remove(request);
            await db.SaveChangesAsync(cancellation);
            await transaction.CommitAsync(cancellation);
            return true;
        }, cancellationToken);
    }
}
