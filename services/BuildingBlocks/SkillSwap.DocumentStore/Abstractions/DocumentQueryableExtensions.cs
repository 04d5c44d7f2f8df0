using MongoDB.Driver.Linq;
using MartenQueryable = Marten.QueryableExtensions;
using MongoQueryableExtensions = MongoDB.Driver.Linq.MongoQueryable;

namespace SkillSwap.DocumentStore;

/// <summary>
/// Async execution of a <see cref="IDocumentSession.Query{T}"/> LINQ query on whichever provider built it, so
/// repositories never import a provider's namespace. Each method hands the expression to the provider's own async
/// operator, which translates it to MQL or SQL.
/// </summary>
public static class DocumentQueryableExtensions
{
    public static async Task<IReadOnlyList<T>> ToListAsync<T>(this IQueryable<T> query, CancellationToken cancellationToken = default)
        where T : notnull =>
        Provider(query) switch
        {
            QueryProvider.Mongo => await MongoQueryableExtensions.ToListAsync(query, cancellationToken),
            _ => await MartenQueryable.ToListAsync(query, cancellationToken),
        };

    public static async Task<T?> FirstOrDefaultAsync<T>(this IQueryable<T> query, CancellationToken cancellationToken = default)
        where T : notnull =>
        Provider(query) switch
        {
            QueryProvider.Mongo => await MongoQueryableExtensions.FirstOrDefaultAsync(query, cancellationToken),
            _ => await MartenQueryable.FirstOrDefaultAsync(query, cancellationToken),
        };

    public static Task<int> CountAsync<T>(this IQueryable<T> query, CancellationToken cancellationToken = default)
        where T : notnull =>
        Provider(query) switch
        {
            QueryProvider.Mongo => MongoQueryableExtensions.CountAsync(query, cancellationToken),
            _ => MartenQueryable.CountAsync(query, cancellationToken),
        };

    public static Task<bool> AnyAsync<T>(this IQueryable<T> query, CancellationToken cancellationToken = default)
        where T : notnull =>
        Provider(query) switch
        {
            QueryProvider.Mongo => MongoQueryableExtensions.AnyAsync(query, cancellationToken),
            _ => MartenQueryable.AnyAsync(query, cancellationToken),
        };

    private enum QueryProvider { Mongo, Marten }

    private static QueryProvider Provider<T>(IQueryable<T> query)
        where T : notnull => query.Provider switch
    {
        IMongoQueryProvider => QueryProvider.Mongo,
        _ when query is Marten.Linq.IMartenQueryable<T> => QueryProvider.Marten,
        _ => throw new NotSupportedException(
            $"This query was not built by IDocumentSession.Query<T>() (provider {query.Provider.GetType().Name})."),
    };
}
