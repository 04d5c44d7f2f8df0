using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using SkillSwap.DocumentStore.Mongo;

namespace SkillSwap.DocumentStore.Tests.Mongo;

/// <summary>
/// What the MongoDB provider stores and reads back, offline: the same class maps and conventions the driver uses
/// against a server (<see cref="MongoSerialization"/>), without one. The live contract tests repeat it on a server
/// when a connection string is given.
/// </summary>
public sealed class BsonRoundTripTests
{
    public BsonRoundTripTests() => MongoSerialization.EnsureRegistered();

    [Fact]
    public void State_behind_private_setters_is_written_and_read_back()
    {
        var lesson = new LessonDocument
        {
            Id = "lesson-1",
            Title = "Cajón",
            Participants = [new Participant(Guid.CreateVersion7(), "teacher")],
        };
        lesson.Cancel("teacher ill");

        var stored = lesson.ToBsonDocument();
        var loaded = BsonSerializer.Deserialize<LessonDocument>(stored);

        Assert.Equal("teacher ill", stored["CancellationReason"].AsString);
        Assert.Equal("teacher ill", loaded.CancellationReason);
        Assert.Equal(lesson.Participants, loaded.Removed);
    }
}
