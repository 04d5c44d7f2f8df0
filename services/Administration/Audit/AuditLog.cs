using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Administration.Infrastructure;

namespace SkillSwap.Administration.Audit;

/// <summary>The first entry whose stored hash does not match its content or its predecessor's, or null when the chain holds.</summary>
public sealed record AuditVerification(long Entries, long? BrokenAt, string? Problem);

/// <summary>
/// Appends staff actions to the chain and checks it. <see cref="AppendAsync"/> runs inside the caller's transaction
/// (<see cref="InTransactionAsync"/>): an advisory lock orders concurrent appenders so each chains to the true last entry,
/// and the action and its entry commit together or not at all.
/// </summary>
public sealed class AuditLog(AdministrationDbContext db, TimeProvider time)
{
    /// <summary>The advisory lock key of the audit chain ("audit" in ASCII).</summary>
    private const long ChainLock = 0x6175646974;

    /// <summary>The last entry staged in the running transaction: the next one chains to it.</summary>
    private AuditEntry? _staged;

    private static readonly JsonSerializerOptions Snapshot = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Runs <paramref name="action"/> and its audit entries in one transaction holding the chain's lock.</summary>
    public async Task<T> InTransactionAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            _staged = null;
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLock})", cancellationToken);
            var result = await action();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        });
    }

    /// <summary>
    /// Appends an entry from an event, inside the transaction the event's inbox record opened: takes the chain's lock in
    /// it, so the entry chains to the true last one and commits with the inbox record or not at all.
    /// </summary>
    public async Task AppendInCurrentTransactionAsync(Guid actorId, DateTimeOffset at, string action, string target, string reason, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLock})", cancellationToken);
        await AppendAsync(actorId, action, target, reason, null, null, cancellationToken, at);
    }

    /// <summary>Stages the next entry (call inside <see cref="InTransactionAsync"/>).</summary>
    /// <param name="at">When the action happened, if not now (an action another service recorded).</param>
    public async Task AppendAsync(
        Guid actorId, string action, string target, string reason, object? before, object? after, CancellationToken cancellationToken, DateTimeOffset? at = null)
    {
        var previous = _staged ?? await db.AuditEntries.AsNoTracking().OrderByDescending(entry => entry.Sequence).FirstOrDefaultAsync(cancellationToken);
        _staged = AuditEntry.Next(previous, actorId, at ?? time.GetUtcNow(), action, target, reason,
            before is null ? null : JsonSerializer.Serialize(before, Snapshot),
            after is null ? null : JsonSerializer.Serialize(after, Snapshot));
        db.AuditEntries.Add(_staged);
    }

    /// <summary>Reads the whole chain in order and recomputes every hash.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var expectedPrevious = AuditEntry.Genesis;
        long expectedSequence = 1;
        long count = 0;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(entry => entry.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (entry.Sequence != expectedSequence)
            {
                return new AuditVerification(count, expectedSequence, $"Entry {expectedSequence} is missing.");
            }
            if (entry.PreviousHash != expectedPrevious)
            {
                return new AuditVerification(count, entry.Sequence, $"Entry {entry.Sequence} does not chain to entry {entry.Sequence - 1}.");
            }
            if (entry.ComputeHash() != entry.Hash)
            {
                return new AuditVerification(count, entry.Sequence, $"Entry {entry.Sequence} was changed after it was written.");
            }
            expectedPrevious = entry.Hash;
            expectedSequence++;
        }
        return new AuditVerification(count, null, null);
    }
}
