using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using SkillSwap.DocumentStore.Inbox;
using SkillSwap.DocumentStore.Mongo;
using SkillSwap.DocumentStore.Outbox;

namespace SkillSwap.DocumentStore.Tests.Mongo;

/// <summary>
/// No MongoDB server runs on this project's machines, so these render the LINQ the building block and its
/// repositories use to MQL offline: the 3.x driver translates a queryable in <c>ToString()</c> without a server
/// (the client below points at a closed port and is never contacted). A shape the driver cannot translate throws here.
/// </summary>
public sealed class MqlTranslationTests
{
    private static readonly MongoDocumentStore Store =
        MongoDocumentStore.Create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200", TestDocuments.Options(), databaseName: "skillswap");

    private static readonly Guid Batch = Guid.Parse("0197a5b0-0000-7000-8000-000000000001");
    private const string BatchBson = """{ "$binary" : { "base64" : "AZelsAAAcACAAAAAAAAAAQ==", "subType" : "04" } }""";
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly string MondayBson = TimestampBson("2026-03-02T09:00:00Z", Monday);

    /// <summary>The sub-document a DateTimeOffset is stored as: UTC ISODate first, so comparisons order by instant.</summary>
    private static string TimestampBson(string isoUtc, DateTimeOffset value) =>
        $$"""{ "DateTime" : { "$date" : "{{isoUtc}}" }, "Ticks" : {{value.Ticks}}, "Offset" : {{value.Offset.TotalMinutes}} }""";

    private static IQueryable<T> Query<T>() where T : class, IDocument => Store.OpenSession().Query<T>();

    private static string Mql<T>(IQueryable<T> query) => query.ToString()!;

    [Fact]
    public void Outbox_unpublished_is_an_indexed_filter_sorted_oldest_first_and_limited()
    {
        Assert.Equal(
            """skillswap.outbox.Aggregate([{ "$match" : { "Published" : false } }, { "$sort" : { "OccurredAt" : 1, "_id" : 1 } }, { "$limit" : 50 }])""",
            Mql(OutboxQueries.Unpublished(Query<OutboxDocument>(), 50)));
    }

    [Fact]
    public void Outbox_mark_published_looks_up_the_unpublished_among_the_confirmed_ids()
    {
        string[] ids = ["a", "b"];
        Assert.Equal(
            """skillswap.outbox.Aggregate([{ "$match" : { "_id" : { "$in" : ["a", "b"] }, "Published" : false } }])""",
            Mql(OutboxQueries.UnpublishedAmong(Query<OutboxDocument>(), ids)));
    }

    [Fact]
    public void Inbox_lookup_is_by_id()
    {
        Assert.Equal(
            """skillswap.inbox.Aggregate([{ "$match" : { "_id" : "reviews:0197a5b0-0000-7000-8000-000000000001" } }])""",
            Mql(InboxQueries.Handled(Query<InboxDocument>(), InboxDocument.IdFor(Batch, "reviews"))));
    }

    [Fact]
    public void Retention_deletes_published_outbox_rows_and_inbox_records_before_the_cutoff()
    {
        Assert.Equal(
            $$"""skillswap.outbox.Aggregate([{ "$match" : { "Published" : true, "PublishedAt" : { "$lt" : {{MondayBson}} } } }])""",
            Mql(Query<OutboxDocument>().Where(OutboxQueries.PublishedBefore(Monday))));
        Assert.Equal(
            $$"""skillswap.inbox.Aggregate([{ "$match" : { "HandledAt" : { "$lt" : {{MondayBson}} } } }])""",
            Mql(Query<InboxDocument>().Where(InboxQueries.HandledBefore(Monday))));
    }

    [Fact]
    public void Strings_guids_and_enums_translate_to_equality_on_the_stored_representation()
    {
        var query = Query<LessonDocument>().Where(x => x.Title == "Jazz" && x.Batch == Batch && x.Status == LessonStatus.Planned);
        Assert.Equal(
            $$"""skillswap.lessons.Aggregate([{ "$match" : { "Title" : "Jazz", "Batch" : {{BatchBson}}, "Status" : "Planned" } }])""",
            Mql(query));
    }

    [Fact]
    public void Timestamps_compare_as_their_utc_sub_document()
    {
        var query = Query<LessonDocument>().Where(x => x.StartsAt >= Monday && x.StartsAt < Monday.AddDays(7));
        Assert.Equal(
            $$"""skillswap.lessons.Aggregate([{ "$match" : { "StartsAt" : { "$gte" : {{MondayBson}}, "$lt" : {{TimestampBson("2026-03-09T09:00:00Z", Monday.AddDays(7))}} } } }])""",
            Mql(query));
    }

    [Fact]
    public void Collection_contains_any_and_in_list_translate()
    {
        var mentor = Batch;
        string[] ids = ["l1", "l2"];
        var query = Query<LessonDocument>().Where(x =>
            x.Tags.Contains("guitar") && x.Participants.Any(p => p.UserId == mentor && p.Role == "mentor") && ids.Contains(x.Id));
        Assert.Equal(
            $$"""skillswap.lessons.Aggregate([{ "$match" : { "Tags" : "guitar", "Participants" : { "$elemMatch" : { "UserId" : {{BatchBson}}, "Role" : "mentor" } }, "_id" : { "$in" : ["l1", "l2"] } } }])""",
            Mql(query));
    }

    [Fact]
    public void Cursor_pagination_translates_to_a_keyset_filter_sort_and_limit()
    {
        var cursor = new LessonDocument { Id = "lesson-9", StartsAt = Monday };
        var query = Query<LessonDocument>()
            .Where(x => x.Batch == Batch)
            .Where(x => x.StartsAt > cursor.StartsAt || (x.StartsAt == cursor.StartsAt && string.Compare(x.Id, cursor.Id) > 0))
            .OrderBy(x => x.StartsAt).ThenBy(x => x.Id).Take(20);
        Assert.Equal(
            $$"""skillswap.lessons.Aggregate([{ "$match" : { "Batch" : {{BatchBson}} } }, { "$match" : { "$or" : [{ "StartsAt" : { "$gt" : {{MondayBson}} } }, { "StartsAt" : {{MondayBson}}, "_id" : { "$gt" : "lesson-9" } }] } }, { "$sort" : { "StartsAt" : 1, "_id" : 1 } }, { "$limit" : 20 }])""",
            Mql(query));
    }

    [Fact]
    public void Offset_pagination_and_descending_order_translate()
    {
        var query = Query<LessonDocument>().OrderByDescending(x => x.StartsAt).ThenByDescending(x => x.Id).Skip(40).Take(20);
        Assert.Equal(
            """skillswap.lessons.Aggregate([{ "$sort" : { "StartsAt" : -1, "_id" : -1 } }, { "$skip" : 40 }, { "$limit" : 20 }])""",
            Mql(query));
    }

    [Fact]
    public void Unique_index_fields_translate_for_the_duplicate_check_query()
    {
        var query = Query<RatingDocument>().Where(x => x.SessionId == "s1" && x.AuthorId == Batch);
        Assert.Equal(
            $$"""skillswap.ratings.Aggregate([{ "$match" : { "SessionId" : "s1", "AuthorId" : {{BatchBson}} } }])""",
            Mql(query));
    }

    [Fact]
    public void Declared_durability_and_read_mode_become_the_collection_settings()
    {
        var options = TestDocuments.Options()
            .Document<ChatLine>(chat => chat.Collection("chat_messages").WithDurability(WriteDurability.Acknowledged));
        var store = MongoDocumentStore.Create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200", options, databaseName: "skillswap");

        Assert.Equal(WriteConcern.W1, store.Collection<ChatLine>().Settings.WriteConcern);
        var majority = store.Collection<RatingDocument>().Settings.WriteConcern;
        Assert.Equal(WriteConcern.WMajority.W, majority.W);
        Assert.True(majority.Journal);
        Assert.Equal(ReadPreference.Primary, store.Collection<RatingDocument>().Settings.ReadPreference);
        Assert.Equal(ReadPreference.SecondaryPreferred, store.Collection<RatingDocument>(DocumentReadMode.SecondaryPreferred).Settings.ReadPreference);
    }

    [Fact]
    public void Documents_serialize_guids_as_uuid_timestamps_as_utc_date_plus_ticks_and_offset_and_enums_as_strings()
    {
        MongoSerialization.EnsureRegistered();
        MongoSerialization.EnsureRegistered(); // idempotent: a second registration must not throw
        var startsAt = new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.FromHours(2)).AddTicks(5);
        var lesson = new LessonDocument
        {
            Id = "l1", Version = 3, Batch = Batch, StartsAt = startsAt, Status = LessonStatus.Completed, Title = "t",
            Participants = [new Participant(Batch, "mentor")],
        };

        var bson = lesson.ToBsonDocument();

        Assert.Equal("l1", bson["_id"].AsString);
        Assert.Equal(BsonBinarySubType.UuidStandard, bson["Batch"].AsBsonBinaryData.SubType);
        Assert.Equal(Batch, bson["Batch"].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard));
        var stored = bson["StartsAt"].AsBsonDocument;
        Assert.Equal(new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc), stored["DateTime"].ToUniversalTime());
        Assert.Equal(startsAt.Ticks, stored["Ticks"].AsInt64);
        Assert.Equal(120, stored["Offset"].AsInt32);
        Assert.Equal("Completed", bson["Status"].AsString);

        bson["FieldFromANewerVersion"] = 1; // ignored, not a crash, when an older service reads it
        var read = BsonSerializer.Deserialize<LessonDocument>(bson);
        Assert.Equal(startsAt.Ticks, read.StartsAt.Ticks);
        Assert.Equal(startsAt.Offset, read.StartsAt.Offset);
        Assert.Equal(3, read.Version);
        Assert.Equal(lesson.Participants, read.Participants); // positional records map through their constructor
    }

    [Fact]
    public void Replace_matches_only_the_loaded_version()
    {
        var filter = MongoDocumentSession.ReplaceFilter<RatingDocument>("r1", 4);
        var rendered = filter.Render(new MongoDB.Driver.RenderArgs<RatingDocument>(
            BsonSerializer.LookupSerializer<RatingDocument>(), BsonSerializer.SerializerRegistry));
        Assert.Equal("""{ "_id" : "r1", "Version" : 4 }""", rendered.ToString());
        Assert.Equal(4L, rendered["Version"].ToInt64());
    }

    private sealed class ChatLine : IDocument
    {
        public string Id { get; init; } = "";

        public long Version { get; set; }
    }
}
