using System.Linq.Expressions;

namespace SkillSwap.DocumentStore;

/// <summary>How long a MongoDB write waits before it is acknowledged. PostgreSQL commits are always durable.</summary>
public enum WriteDurability
{
    /// <summary>w:1 — the primary has it in memory. For high-volume data whose loss on failover is tolerable (chat messages).</summary>
    Acknowledged,

    /// <summary>w:majority, j:true — journaled on a majority; survives a failover. The default.</summary>
    Majority,
}

/// <summary>Declares one document type: where it lives, how durable its writes are and which indexes it needs.</summary>
public sealed class DocumentTypeBuilder<T> where T : class, IDocument
{
    private readonly List<DocumentIndex<T>> _indexes = [];

    internal DocumentTypeBuilder(string collectionName) => CollectionName = collectionName;

    internal string CollectionName { get; private set; }

    internal WriteDurability Durability { get; private set; } = WriteDurability.Majority;

    internal IReadOnlyList<DocumentIndex<T>> Indexes => _indexes;

    /// <summary>MongoDB collection name; also the Marten document alias (table mt_doc_{name}).</summary>
    public DocumentTypeBuilder<T> Collection(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        CollectionName = name;
        return this;
    }

    public DocumentTypeBuilder<T> WithDurability(WriteDurability durability)
    {
        Durability = durability;
        return this;
    }

    /// <summary>A (compound) ascending index, in the order given, e.g. (Status, StartsAt) for "upcoming sessions".</summary>
    public DocumentTypeBuilder<T> Index(params Expression<Func<T, object?>>[] fields) => AddIndex(unique: false, fields);

    /// <summary>A (compound) unique index; a write that breaks it fails with <see cref="DuplicateDocumentException"/>.</summary>
    public DocumentTypeBuilder<T> UniqueIndex(params Expression<Func<T, object?>>[] fields) => AddIndex(unique: true, fields);

    private DocumentTypeBuilder<T> AddIndex(bool unique, Expression<Func<T, object?>>[] fields)
    {
        if (fields.Length == 0)
        {
            throw new ArgumentException("An index needs at least one field.", nameof(fields));
        }
        _indexes.Add(new DocumentIndex<T>(unique, fields));
        return this;
    }
}

internal sealed record DocumentIndex<T>(bool Unique, IReadOnlyList<Expression<Func<T, object?>>> Fields)
{
    /// <summary>A stable name from the member paths, so re-applying at start-up finds the same index.</summary>
    public string Name(string collectionName) =>
        $"{(Unique ? "ux" : "ix")}_{collectionName}_{string.Join("_", Fields.Select(MemberPath))}".ToLowerInvariant();

    private static string MemberPath(Expression<Func<T, object?>> field)
    {
        var body = field.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : field.Body;
        var parts = new Stack<string>();
        while (body is MemberExpression member)
        {
            parts.Push(member.Member.Name);
            body = member.Expression!;
        }
        return parts.Count > 0 ? string.Join("_", parts) : throw new ArgumentException($"Index field '{field}' must be a member path.");
    }
}
