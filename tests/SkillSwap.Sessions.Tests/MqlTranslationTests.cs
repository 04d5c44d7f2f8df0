using SkillSwap.DocumentStore;
using SkillSwap.DocumentStore.Mongo;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions.Tests;

/// <summary>
/// No MongoDB runs on this project's machines, so every query Sessions runs (<see cref="SessionQueries"/>) is rendered
/// to MQL offline by the real driver (the client points at a closed port and is never contacted). A shape the driver
/// cannot translate throws here; the rendered filters show the indexes they need exist.
/// </summary>
public sealed class MqlTranslationTests
{
    private static readonly MongoDocumentStore Store = CreateStore();
    private static readonly Guid User = Guid.Parse("0197a5b0-0000-7000-8000-000000000001");
    private const string UserBson = """{ "$binary" : { "base64" : "AZelsAAAcACAAAAAAAAAAQ==", "subType" : "04" } }""";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly string NowBson = $$"""{ "DateTime" : { "$date" : "2026-11-25T12:00:00Z" }, "Ticks" : {{Now.Ticks}}, "Offset" : 0 }""";

    private static MongoDocumentStore CreateStore()
    {
        var options = new DocumentStoreOptions();
        SessionsServiceExtensions.RegisterDocuments(options);
        return MongoDocumentStore.Create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200", options, databaseName: "sessions");
    }

    private static IQueryable<SessionDocument> Sessions() => Store.OpenSession().Query<SessionDocument>();

    [Fact]
    public void A_participants_page_filters_on_the_participant_list_and_orders_by_start_then_id()
    {
        var page = SessionQueries.Page(Sessions(), User, SessionStatus.Confirmed, SessionRole.Teacher, Now, (Now, "0197a5b0000070008000000000000002"), 21);

        var rendered = page.ToString()!;

        Assert.StartsWith("sessions.sessions.Aggregate([{ \"$match\" : { \"ParticipantIds\" : " + UserBson, rendered);
        Assert.Contains("\"Status\" : \"Confirmed\"", rendered);
        Assert.Contains("\"TeacherId\" : " + UserBson, rendered);
        Assert.Contains($"\"StartsAt\" : {{ \"$gte\" : {NowBson} }}", rendered);
        Assert.Contains("\"$or\"", rendered);
        Assert.EndsWith("{ \"$sort\" : { \"StartsAt\" : 1, \"_id\" : 1 } }, { \"$limit\" : 21 }])", rendered);
    }

    [Fact]
    public void A_learner_filter_excludes_the_sessions_the_user_teaches()
    {
        var rendered = SessionQueries.Page(Sessions(), User, null, SessionRole.Learner, null, null, 20).ToString()!;
        Assert.Contains("\"TeacherId\" : { \"$ne\" : " + UserBson + " }", rendered);
    }

    [Fact]
    public void A_teachers_recent_groups_are_read_by_teacher_kind_and_start()
    {
        var rendered = SessionQueries.GroupsOfTeacherStartingSince(Sessions(), User, Now).ToString()!;

        Assert.Contains("\"TeacherId\" : " + UserBson, rendered);
        Assert.Contains("\"Kind\" : \"Group\"", rendered);
        Assert.Contains($"\"StartsAt\" : {{ \"$gte\" : {NowBson} }}", rendered);
    }

    [Fact]
    public void The_clock_reads_the_due_sessions_most_overdue_first()
    {
        Assert.Equal(
            $$"""sessions.sessions.Aggregate([{ "$match" : { "DueAt" : { "$ne" : null, "$lte" : {{NowBson}} } } }, { "$sort" : { "DueAt" : 1 } }, { "$limit" : 100 }])""",
            SessionQueries.Due(Sessions(), Now, 100).ToString());
    }

    [Fact]
    public void The_taken_calendar_quarters_are_looked_up_by_id()
    {
        var claims = Store.OpenSession().Query<Calendar.CalendarClaim>();
        var rendered = SessionQueries.ClaimsAmong(claims, ["a-202612061800", "a-202612061815"]).ToString()!;
        Assert.Equal("""sessions.calendar_claims.Aggregate([{ "$match" : { "_id" : { "$in" : ["a-202612061800", "a-202612061815"] } } }])""", rendered);
    }

    [Fact]
    public void Open_groups_and_the_calendar_feed_translate()
    {
        var groups = SessionQueries.OpenGroups(Sessions(), Now, User, 100).ToString()!;
        Assert.Contains("\"Kind\" : \"Group\", \"Status\" : \"Confirmed\"", groups);
        Assert.Contains($"\"StartsAt\" : {{ \"$gt\" : {NowBson} }}", groups);
        Assert.Contains("\"TeacherId\" : " + UserBson, groups);

        var calendar = SessionQueries.Calendar(Sessions(), User, Now, 500).ToString()!;
        Assert.Contains("\"ParticipantIds\" : " + UserBson, calendar);
        Assert.EndsWith("{ \"$sort\" : { \"StartsAt\" : 1 } }, { \"$limit\" : 500 }])", calendar);
    }
}
