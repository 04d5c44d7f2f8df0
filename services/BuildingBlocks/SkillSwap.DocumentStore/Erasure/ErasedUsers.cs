using System.Security.Claims;
using Microsoft.Extensions.Hosting;

namespace SkillSwap.DocumentStore;

/// <summary>
/// That an account was erased, and nothing else (the id): an event delivered after the erasure (a retry, a late
/// session) must not bring the person back into a service.
/// </summary>
public sealed class ErasedUserDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }

    public static string IdFor(Guid userId) => userId.ToString("N");
}

/// <summary>
/// Refuses the access tokens of an account this service erased: in the minutes a token outlives the erasure it must not
/// create anything (a session, a conversation, a review) that the erasure, already done, would never remove.
/// </summary>
public sealed class ErasedAccountRefused(IDocumentSession db) : IAccessTokenCheck
{
    public async Task<string?> RefusalAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        user.UserId() is { } userId && await db.IsErasedAsync(userId, cancellationToken) ? "This account was erased." : null;
}

/// <summary>The erasure tombstones a service keeps in its own store (collection <c>erased_users</c>).</summary>
public static class ErasedUsers
{
    public static void KeepErasedUsers(this DocumentStoreOptions options) =>
        options.Document<ErasedUserDocument>(erased => erased.Collection("erased_users"));

    /// <summary>Stages the tombstone (once) in the erasure's unit of work.</summary>
    public static async Task RecordErasureAsync(this IDocumentSession db, Guid userId, CancellationToken cancellationToken)
    {
        if (!await db.IsErasedAsync(userId, cancellationToken))
        {
            db.Insert(new ErasedUserDocument { Id = ErasedUserDocument.IdFor(userId) });
        }
    }

    public static async Task<bool> IsErasedAsync(this IDocumentSession db, Guid userId, CancellationToken cancellationToken) =>
        await db.LoadAsync<ErasedUserDocument>(ErasedUserDocument.IdFor(userId), cancellationToken) is not null;

    /// <summary><paramref name="userIds"/> without the erased ones, in one read.</summary>
    public static async Task<List<Guid>> NotErasedAsync(this IDocumentSession db, IEnumerable<Guid> userIds, CancellationToken cancellationToken)
    {
        var candidates = userIds.Distinct().ToList();
        var ids = candidates.Select(ErasedUserDocument.IdFor).ToList();
        var erased = (await db.Query<ErasedUserDocument>().Where(tombstone => ids.Contains(tombstone.Id)).ToListAsync(cancellationToken))
            .Select(tombstone => tombstone.Id).ToHashSet();
        return [.. candidates.Where(id => !erased.Contains(ErasedUserDocument.IdFor(id)))];
    }
}
