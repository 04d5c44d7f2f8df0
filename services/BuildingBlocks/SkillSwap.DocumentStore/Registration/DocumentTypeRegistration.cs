using MongoDB.Driver;

namespace SkillSwap.DocumentStore;

/// <summary>
/// One registered document type, keeping the generic type so each provider can apply the declaration with its own
/// strongly typed API (Marten's schema registry, MongoDB's index builders).
/// </summary>
internal abstract class DocumentTypeRegistration
{
    public abstract Type DocumentType { get; }

    public abstract string CollectionName { get; }

    public abstract WriteDurability Durability { get; }

    public abstract void ApplyTo(global::Marten.StoreOptions marten);

    public abstract Task ApplyToAsync(IMongoDatabase database, CancellationToken cancellationToken);
}

internal sealed class DocumentTypeRegistration<T>(DocumentTypeBuilder<T> builder) : DocumentTypeRegistration
    where T : class, IDocument
{
    public override Type DocumentType => typeof(T);

    public override string CollectionName => builder.CollectionName;

    public override WriteDurability Durability => builder.Durability;

    public override void ApplyTo(global::Marten.StoreOptions marten)
    {
        var mapping = marten.Schema.For<T>()
            .DocumentAlias(builder.CollectionName.ToLowerInvariant())
            // Marten's numeric revision (mt_version) is our Version: checked on replace, bumped on every write.
            .UseNumericRevisions(true)
            .Metadata(metadata => metadata.Revision.MapTo(document => document.Version));
        foreach (var index in builder.Indexes)
        {
            var name = $"mt_doc_{index.Name(builder.CollectionName)}";
            var fields = index.Fields.Select(field => (System.Linq.Expressions.Expression<Func<T, object>>)(object)field).ToArray();
            if (index.Unique)
            {
                mapping.UniqueIndex(global::Marten.Schema.UniqueIndexType.Computed, name, fields);
            }
            else
            {
                mapping.Index(fields, computed => computed.Name = name);
            }
        }
    }

    public override async Task ApplyToAsync(IMongoDatabase database, CancellationToken cancellationToken)
    {
        var collection = database.GetCollection<T>(builder.CollectionName);
        var models = builder.Indexes.Select(index => new CreateIndexModel<T>(
            Builders<T>.IndexKeys.Combine(index.Fields.Select(field => Builders<T>.IndexKeys.Ascending(field))),
            new CreateIndexOptions { Name = index.Name(builder.CollectionName), Unique = index.Unique })).ToList();
        if (models.Count > 0)
        {
            await collection.Indexes.CreateManyAsync(models, cancellationToken);
        }
    }
}
