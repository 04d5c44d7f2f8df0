using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;

namespace SkillSwap.DocumentStore.Mongo;

/// <summary>
/// The BSON choices every service shares, registered once per process (the driver's registry is global and
/// refuses a second registration for a type):
/// <list type="bullet">
/// <item><c>Guid</c> as BSON binary subtype 4 (<see cref="GuidRepresentation.Standard"/>), the portable UUID form.</item>
/// <item><c>DateTimeOffset</c> as a sub-document <c>{ DateTime: ISODate (UTC), Ticks: long, Offset: minutes }</c>: the
/// ISODate keeps it readable and range-queryable by tools, Ticks and Offset round-trip it exactly (100 ns and offset),
/// and because DateTime is the first field, sorting and $gt/$lt compare instants. Services write UTC
/// (<c>TimeProvider.GetUtcNow()</c>); two values of the same instant with different offsets would tie-break on Ticks.</item>
/// <item>Enums as strings (readable, and adding a member never renumbers stored data), like the Marten provider.</item>
/// <item>Extra elements ignored, so removing a property from a document class never breaks reading old documents.</item>
/// </list>
/// </summary>
public static class MongoSerialization
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }
            Require(new GuidSerializer(GuidRepresentation.Standard),
                serializer => serializer is GuidSerializer { GuidRepresentation: GuidRepresentation.Standard });
            Require(new DateTimeOffsetSerializer(BsonType.Document),
                serializer => serializer is DateTimeOffsetSerializer { Representation: BsonType.Document });
            ConventionRegistry.Register(
                "SkillSwap.DocumentStore",
                new ConventionPack { new EnumRepresentationConvention(BsonType.String), new IgnoreExtraElementsConvention(true) },
                type => !type.Namespace?.StartsWith("MongoDB", StringComparison.Ordinal) ?? true);
            _registered = true;
        }
    }

    private static void Require<T>(IBsonSerializer<T> wanted, Func<IBsonSerializer<T>, bool> isWanted)
    {
        BsonSerializer.TryRegisterSerializer(wanted);
        // TryRegister keeps an earlier registration: make sure nobody registered a different representation first.
        var actual = BsonSerializer.LookupSerializer<T>();
        if (!isWanted(actual))
        {
            throw new InvalidOperationException(
                $"A different BSON serializer for {typeof(T).Name} ({actual.GetType().Name}) was registered before the document store's.");
        }
    }
}
