using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using SkillSwap.DocumentStore.Mongo;
using SkillSwap.IntegrationEvents;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Tests.Infrastructure;

namespace SkillSwap.Sessions.Tests;

/// <summary>
/// A session keeps its state behind private setters and a private constructor, and its seats are values: both document
/// stores must still read back every field. PostgreSQL (Marten, System.Text.Json) is the service's store here; the
/// MongoDB form is checked offline with the driver's class maps, as no MongoDB server runs on these machines.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class SessionStorageTests(SessionsApp app)
{
    [Fact]
    public async Task PostgreSQL_reads_back_every_field_of_a_session()
    {
        var session = GroupWithEveryField(app.Clock.GetUtcNow());

        await app.StoreAsync(session);
        var loaded = await app.LoadAsync(session.SessionId);

        Assert.Equal(Fields(session), Fields(loaded!));
    }

    [Fact]
    public void MongoDB_reads_back_every_field_of_a_session()
    {
        MongoSerialization.EnsureRegistered();
        var session = GroupWithEveryField(app.Clock.GetUtcNow());

        var loaded = BsonSerializer.Deserialize<SessionDocument>(session.ToBsonDocument());

        Assert.Equal(Fields(session), Fields(loaded));
    }

    /// <summary>A started group session with a held, a disputed, a cancelled and a confirmed seat, reminders sent and a clock due.</summary>
    private static SessionDocument GroupWithEveryField(DateTimeOffset now)
    {
        var startsAt = now.AddHours(-2);
        var session = SessionDocument.PlanGroup(Guid.CreateVersion7(), Guid.CreateVersion7(),
            new SessionTerms("Chess openings", 60, SessionFormat.InPerson, "Café de la Gare", "Bring a board"), 4, startsAt, now.AddDays(-3));
        var learners = Enumerable.Range(0, 4).Select(_ => Guid.CreateVersion7()).ToList();
        foreach (var learner in learners)
        {
            var (seat, _) = session.TakeSeat(learner, now.AddDays(-2));
            session.HoldSeat(seat);
        }
        session.LeaveSeat(session.SeatOf(learners[3])!, BookingCancellationReason.LearnerCancelled, late: true);
        session.RemindIfDue(startsAt.AddMinutes(-30));
        session.RaiseDispute(learners[0], "no-show", "The teacher never came", now, TimeSpan.FromHours(48));
        session.ConfirmCompletion(learners[1], now);
        session.Stamp(now, new SessionsOptions());
        Assert.NotNull(session.DueAt);
        return session;
    }

    /// <summary>Every public property of the session, its seats and its dispute, except the version the store owns.</summary>
    private static string Fields(SessionDocument session)
    {
        var fields = System.Text.Json.JsonSerializer.SerializeToNode(session)!.AsObject();
        Assert.True(fields.Remove(nameof(SessionDocument.Version)));
        return fields.ToJsonString();
    }
}
