namespace SkillSwap.DocumentStore;

public static class DocumentSessionExtensions
{
    /// <summary>
    /// The document to change, loaded, or made by <paramref name="create"/> (given the id) when there is none; either way
    /// already staged: a replace checked against the version it was loaded with, or an insert that fails if someone
    /// inserted it meanwhile. Change it before <see cref="IDocumentSession.SaveChangesAsync"/>: staged documents are
    /// written as they are at commit.
    /// </summary>
    public static async Task<T> EditAsync<T>(this IDocumentSession db, string id, Func<string, T> create, CancellationToken cancellationToken = default)
        where T : class, IDocument =>
        db.Edit(await db.LoadAsync<T>(id, cancellationToken), () => create(id));

    /// <summary>As <see cref="EditAsync{T}"/> for a document already loaded (or found missing) by the caller.</summary>
    public static T Edit<T>(this IDocumentSession db, T? loaded, Func<T> create)
        where T : class, IDocument
    {
        if (loaded is null)
        {
            var created = create();
            db.Insert(created);
            return created;
        }
        db.Replace(loaded);
        return loaded;
    }
}
