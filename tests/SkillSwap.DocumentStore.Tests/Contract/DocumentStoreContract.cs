using System.Diagnostics;
using System.Text.Json;
using SkillSwap.DocumentStore.Inbox;
using SkillSwap.DocumentStore.Outbox;
using SkillSwap.IntegrationEvents;

namespace SkillSwap.DocumentStore.Tests.Contract;

public sealed record LessonBooked(string LessonId, Guid TeacherId) : IntegrationEvent;

/// <summary>
/// What every provider must do identically. Each concrete class supplies one store (one fresh database) shared by its
/// tests; every test works in its own <see cref="Batch"/> and its own ids, so tests never see each other's documents.
/// </summary>
public abstract class DocumentStoreContract
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    protected Guid Batch { get; } = Guid.NewGuid();

    /// <summary>Null when the provider's server is available; otherwise why the suite is skipped.</summary>
    protected virtual string? SkipReason => null;

    protected abstract Task<IDocumentStore> CreateStoreAsync();

    private async Task<IDocumentStore> StoreAsync()
    {
        Skip.If(SkipReason is not null, SkipReason);
        return await CreateStoreAsync();
    }

    private static string NewId(string prefix = "lesson") => $"{prefix}-{Guid.CreateVersion7():N}";

    private LessonDocument Lesson(string title, DateTimeOffset startsAt, LessonStatus status = LessonStatus.Planned, string? id = null) => new()
    {
        Id = id ?? NewId(),
        Batch = Batch,
        Title = title,
        StartsAt = startsAt,
        Status = status,
        Tags = ["guitar"],
        Participants = [new Participant(Guid.NewGuid(), "teacher"), new Participant(Guid.NewGuid(), "learner")],
        Credits = 2,
    };

    private static async Task SaveAsync(IDocumentStore store, params LessonDocument[] lessons)
    {
        await using var session = store.OpenSession();
        foreach (var lesson in lessons)
        {
            session.Insert(lesson);
        }
        await session.SaveChangesAsync();
    }

    [SkippableFact]
    public async Task Insert_then_load_round_trips_every_field_and_starts_at_version_one()
    {
        var store = await StoreAsync();
        var startsAt = new DateTimeOffset(2026, 3, 2, 18, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567);
        var lesson = Lesson("Flamenco basics", startsAt, LessonStatus.Requested);
        lesson.Tags = ["guitar", "flamenco"];

        await SaveAsync(store, lesson);
        await using var session = store.OpenSession();
        var loaded = await session.LoadAsync<LessonDocument>(lesson.Id);

        Assert.Equal(1, lesson.Version);
        Assert.NotNull(loaded);
        Assert.Equal(1, loaded.Version);
        Assert.Equal("Flamenco basics", loaded.Title);
        Assert.Equal(Batch, loaded.Batch);
        Assert.Equal(startsAt, loaded.StartsAt);
        Assert.Equal(startsAt.Ticks, loaded.StartsAt.Ticks);
        Assert.Equal(TimeSpan.FromHours(2), loaded.StartsAt.Offset);
        Assert.Equal(LessonStatus.Requested, loaded.Status);
        Assert.Equal(["guitar", "flamenco"], loaded.Tags);
        Assert.Equal(lesson.Participants, loaded.Participants);
        Assert.Null(await session.LoadAsync<LessonDocument>(NewId()));
    }

    [SkippableFact]
    public async Task State_behind_private_setters_is_read_back()
    {
        var store = await StoreAsync();
        var lesson = Lesson("Cajón", Monday);
        lesson.Cancel("teacher ill");
        await SaveAsync(store, lesson);

        await using var session = store.OpenSession();
        var loaded = await session.LoadAsync<LessonDocument>(lesson.Id);

        Assert.Equal("teacher ill", loaded!.CancellationReason);
        Assert.Equal(lesson.Participants, loaded.Removed);
    }

    [SkippableFact]
    public async Task Queries_filter_on_strings_guids_timestamps_enums_and_collections()
    {
        var store = await StoreAsync();
        var mentor = Guid.NewGuid();
        var early = Lesson("early", Monday, LessonStatus.Completed);
        var planned = Lesson("planned", Monday.AddHours(2));
        var mentored = Lesson("mentored", Monday.AddHours(4));
        mentored.Participants = [new Participant(mentor, "mentor")];
        mentored.Tags = ["piano"];
        await SaveAsync(store, early, planned, mentored);

        await using var session = store.OpenSession();
        var lessons = session.Query<LessonDocument>().Where(x => x.Batch == Batch);

        Assert.Equal(["planned"], Titles(await lessons.Where(x => x.Title == "planned").ToListAsync()));
        Assert.Equal(["planned", "mentored"], Titles(await lessons.Where(x => x.StartsAt > Monday).OrderBy(x => x.StartsAt).ToListAsync()));
        Assert.Equal(["early"], Titles(await lessons.Where(x => x.Status == LessonStatus.Completed).ToListAsync()));
        Assert.Equal(["early", "planned"], Titles(await lessons.Where(x => x.Tags.Contains("guitar")).OrderBy(x => x.StartsAt).ToListAsync()));
        Assert.Equal(["mentored"], Titles(await lessons.Where(x => x.Participants.Any(p => p.UserId == mentor)).ToListAsync()));
        Assert.Equal(["mentored"], Titles(await lessons.Where(x => x.Participants.Any(p => p.Role == "mentor")).ToListAsync()));
        string[] wanted = [early.Id, mentored.Id];
        Assert.Equal(["early", "mentored"], Titles(await lessons.Where(x => wanted.Contains(x.Id)).OrderBy(x => x.StartsAt).ToListAsync()));
        Assert.Equal(3, await lessons.CountAsync());
        Assert.Equal(2, await lessons.Where(x => x.Status == LessonStatus.Planned).CountAsync());
        Assert.True(await lessons.Where(x => x.Credits == 2).AnyAsync());
        Assert.False(await lessons.Where(x => x.Credits == 3).AnyAsync());
        Assert.Equal("mentored", (await lessons.OrderByDescending(x => x.StartsAt).FirstOrDefaultAsync())?.Title);
        Assert.Null(await lessons.Where(x => x.Title == "nope").FirstOrDefaultAsync());
    }

    [SkippableFact]
    public async Task Cursor_pagination_walks_every_document_once_in_order_with_ties_broken_by_id()
    {
        var store = await StoreAsync();
        // Seven lessons, three of them at the same instant, so the id tie-break decides their order.
        var lessons = Enumerable.Range(0, 7)
            .Select(i => Lesson($"lesson {i}", Monday.AddHours(i is >= 2 and <= 4 ? 2 : i), id: $"page-{Batch:N}-{6 - i}"))
            .ToArray();
        await SaveAsync(store, lessons);
        var expected = lessons.OrderBy(x => x.StartsAt).ThenBy(x => x.Id, StringComparer.Ordinal).Select(x => x.Id).ToList();

        var seen = new List<string>();
        LessonDocument? cursor = null;
        await using var session = store.OpenSession();
        for (var page = 0; page < 10; page++)
        {
            var query = session.Query<LessonDocument>().Where(x => x.Batch == Batch);
            if (cursor is { } after)
            {
                query = query.Where(x => x.StartsAt > after.StartsAt || (x.StartsAt == after.StartsAt && string.Compare(x.Id, after.Id) > 0));
            }
            var items = await query.OrderBy(x => x.StartsAt).ThenBy(x => x.Id).Take(3).ToListAsync();
            seen.AddRange(items.Select(x => x.Id));
            if (items.Count < 3)
            {
                break;
            }
            cursor = items[^1];
        }

        Assert.Equal(expected, seen);

        // Offset paging over the same order gives the same second page.
        var second = await session.Query<LessonDocument>().Where(x => x.Batch == Batch)
            .OrderBy(x => x.StartsAt).ThenBy(x => x.Id).Skip(3).Take(3).ToListAsync();
        Assert.Equal(expected.Skip(3).Take(3), second.Select(x => x.Id));
    }

    [SkippableFact]
    public async Task Replace_with_a_stale_version_fails_and_keeps_the_first_writer()
    {
        var store = await StoreAsync();
        var lesson = Lesson("original", Monday);
        await SaveAsync(store, lesson);

        await using var first = store.OpenSession();
        await using var second = store.OpenSession();
        var mine = (await first.LoadAsync<LessonDocument>(lesson.Id))!;
        var theirs = (await second.LoadAsync<LessonDocument>(lesson.Id))!;

        mine.Title = "first writer";
        first.Replace(mine);
        await first.SaveChangesAsync();
        Assert.Equal(2, mine.Version);

        theirs.Title = "second writer";
        second.Replace(theirs);
        var conflict = await Assert.ThrowsAsync<DocumentConcurrencyException>(() => second.SaveChangesAsync());
        Assert.Equal(1, theirs.Version);

        await using var reader = store.OpenSession();
        var stored = (await reader.LoadAsync<LessonDocument>(lesson.Id))!;
        Assert.Equal("first writer", stored.Title);
        Assert.Equal(2, stored.Version);
        Assert.NotNull(conflict.Message);

        // Reloading and retrying is the documented way out, and it succeeds.
        var reloaded = (await second.LoadAsync<LessonDocument>(lesson.Id))!;
        reloaded.Title = "second writer, retried";
        second.Replace(reloaded);
        await second.SaveChangesAsync();
        Assert.Equal(3, reloaded.Version);
        Assert.Equal(1, await reader.Query<LessonDocument>().Where(x => x.Id == lesson.Id && x.Version == 3).CountAsync());
    }

    [SkippableFact]
    public async Task Inserting_an_existing_id_is_a_duplicate()
    {
        var store = await StoreAsync();
        var lesson = Lesson("one", Monday);
        await SaveAsync(store, lesson);

        await using var session = store.OpenSession();
        session.Insert(Lesson("two", Monday, id: lesson.Id));
        await Assert.ThrowsAsync<DuplicateDocumentException>(() => session.SaveChangesAsync());

        Assert.Equal("one", (await session.LoadAsync<LessonDocument>(lesson.Id))?.Title);
    }

    [SkippableFact]
    public async Task Breaking_a_declared_unique_index_is_a_duplicate()
    {
        var store = await StoreAsync();
        var sessionId = NewId("session");
        var author = Guid.NewGuid();
        await using var session = store.OpenSession();
        session.Insert(new RatingDocument { Id = NewId("rating"), SessionId = sessionId, AuthorId = author, Stars = 5 });
        // Same session, another author: allowed.
        session.Insert(new RatingDocument { Id = NewId("rating"), SessionId = sessionId, AuthorId = Guid.NewGuid(), Stars = 4 });
        await session.SaveChangesAsync();

        session.Insert(new RatingDocument { Id = NewId("rating"), SessionId = sessionId, AuthorId = author, Stars = 1 });
        await Assert.ThrowsAsync<DuplicateDocumentException>(() => session.SaveChangesAsync());

        Assert.Equal(2, await session.Query<RatingDocument>().Where(x => x.SessionId == sessionId).CountAsync());
    }

    [SkippableFact]
    public async Task Delete_and_delete_where_remove_exactly_the_targeted_documents()
    {
        var store = await StoreAsync();
        var keep = Lesson("keep", Monday);
        var byId = Lesson("by id", Monday);
        var completed1 = Lesson("done 1", Monday, LessonStatus.Completed);
        var completed2 = Lesson("done 2", Monday, LessonStatus.Completed);
        await SaveAsync(store, keep, byId, completed1, completed2);

        await using var session = store.OpenSession();
        session.Delete<LessonDocument>(byId.Id);
        var batch = Batch;
        session.DeleteWhere<LessonDocument>(x => x.Batch == batch && x.Status == LessonStatus.Completed);
        // Staged, not yet sent.
        Assert.Equal(4, await session.Query<LessonDocument>().Where(x => x.Batch == Batch).CountAsync());
        await session.SaveChangesAsync();

        Assert.Equal(["keep"], Titles(await session.Query<LessonDocument>().Where(x => x.Batch == Batch).ToListAsync()));
        Assert.Null(await session.LoadAsync<LessonDocument>(byId.Id));
    }

    [SkippableFact]
    public async Task A_failing_write_rolls_back_the_whole_commit()
    {
        var store = await StoreAsync();
        Skip.IfNot(store.SupportsAtomicCommit, "this MongoDB is standalone: atomic commits need a replica set");
        var existing = Lesson("existing", Monday);
        await SaveAsync(store, existing);

        await using var session = store.OpenSession();
        var first = Lesson("staged first", Monday);
        var duplicate = Lesson("duplicate", Monday, id: existing.Id);
        session.Insert(first);
        session.PublishOnCommit(new LessonBooked(first.Id, Guid.NewGuid()));
        session.Insert(duplicate);
        await Assert.ThrowsAsync<DuplicateDocumentException>(() => session.SaveChangesAsync());

        Assert.Null(await session.LoadAsync<LessonDocument>(first.Id));
        Assert.Equal(0, first.Version);
        Assert.Empty(await session.Query<OutboxDocument>().Where(x => x.Payload.Contains(first.Id)).ToListAsync());

        // A stale replace also takes the inserts staged with it down.
        var loaded = (await session.LoadAsync<LessonDocument>(existing.Id))!;
        await using (var other = store.OpenSession())
        {
            var winner = (await other.LoadAsync<LessonDocument>(existing.Id))!;
            other.Replace(winner);
            await other.SaveChangesAsync();
        }
        var second = Lesson("staged with a stale replace", Monday);
        session.Insert(second);
        session.Replace(loaded);
        await Assert.ThrowsAsync<DocumentConcurrencyException>(() => session.SaveChangesAsync());
        Assert.Null(await session.LoadAsync<LessonDocument>(second.Id));

        // The failed writes were dropped: the session commits the next unit of work alone.
        var third = Lesson("after the failures", Monday);
        session.Insert(third);
        await session.SaveChangesAsync();
        Assert.Equal(["after the failures", "existing"],
            Titles(await session.Query<LessonDocument>().Where(x => x.Batch == Batch).OrderBy(x => x.Title).ToListAsync()));
    }

    [SkippableFact]
    public async Task Outbox_event_is_committed_with_the_change_listed_oldest_first_then_marked_published()
    {
        var store = await StoreAsync();
        var outbox = new DocumentOutboxStore(store, TimeProvider.System);
        var teacher = Guid.NewGuid();
        var lesson = Lesson("booked", Monday);
        var older = new LessonBooked(lesson.Id, teacher) { OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-1) };
        var newer = new LessonBooked(lesson.Id, teacher);

        using var source = new ActivitySource("SkillSwap.DocumentStore.Tests");
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        string? traceParent;
        await using (var session = store.OpenSession())
        {
            using var activity = source.StartActivity("book lesson")!;
            activity.SetIdFormat(ActivityIdFormat.W3C);
            activity.TraceStateString = "skillswap=1";
            traceParent = activity.Id;
            session.Insert(lesson);
            session.PublishOnCommit(newer);
            session.PublishOnCommit(older);

            // Nothing is visible before the commit.
            Assert.DoesNotContain((await outbox.GetUnpublishedAsync(10_000, default)), message => message.EventId == newer.Id);
            await session.SaveChangesAsync();
        }

        var unpublished = (await outbox.GetUnpublishedAsync(10_000, default))
            .Where(message => message.EventId == older.Id || message.EventId == newer.Id).ToList();
        Assert.Equal([older.Id, newer.Id], unpublished.Select(message => message.EventId));
        var message = unpublished[1];
        Assert.Equal(nameof(LessonBooked), message.EventType);
        Assert.Equal(newer.OccurredAt, message.OccurredAt);
        Assert.StartsWith("00-", traceParent);
        Assert.Equal(traceParent, message.TraceParent);
        Assert.Equal("skillswap=1", message.TraceState);
        var payload = JsonSerializer.Deserialize<LessonBooked>(message.Payload, SkillSwap.EventBus.Outbox.IntegrationEventSerializer.Options)!;
        Assert.Equal(newer, payload);

        await outbox.MarkPublishedAsync([older.Id], default);
        var remaining = (await outbox.GetUnpublishedAsync(10_000, default)).Select(m => m.EventId).ToList();
        Assert.DoesNotContain(older.Id, remaining);
        Assert.Contains(newer.Id, remaining);

        await outbox.MarkPublishedAsync([newer.Id, older.Id], default);
        Assert.DoesNotContain(newer.Id, (await outbox.GetUnpublishedAsync(10_000, default)).Select(m => m.EventId));
        await using var reader = store.OpenSession();
        var stored = (await reader.LoadAsync<OutboxDocument>(newer.Id.ToString("D")))!;
        Assert.True(stored.Published);
        Assert.NotNull(stored.PublishedAt);
    }

    [SkippableFact]
    public async Task Outbox_lists_at_most_the_requested_count()
    {
        var store = await StoreAsync();
        await using (var session = store.OpenSession())
        {
            session.PublishOnCommit(new LessonBooked("a", Guid.NewGuid()));
            session.PublishOnCommit(new LessonBooked("b", Guid.NewGuid()));
            await session.SaveChangesAsync();
        }
        Assert.Single(await new DocumentOutboxStore(store, TimeProvider.System).GetUnpublishedAsync(1, default));
    }

    [SkippableFact]
    public async Task Outbox_and_inbox_forget_what_is_older_than_the_cutoff_but_never_an_unpublished_event()
    {
        var store = await StoreAsync();
        var outbox = new DocumentOutboxStore(store, TimeProvider.System);
        var published = new LessonBooked("published", Guid.NewGuid());
        var unpublished = new LessonBooked("unpublished", Guid.NewGuid()) { OccurredAt = DateTimeOffset.UtcNow.AddDays(-30) };
        await using (var session = store.OpenSession())
        {
            session.PublishOnCommit(published);
            session.PublishOnCommit(unpublished);
            await session.SaveChangesAsync();
        }
        await outbox.MarkPublishedAsync([published.Id], default);
        var handledEvent = Guid.NewGuid();
        await using (var session = store.OpenSession())
        {
            Assert.True(await new DocumentInboxStore(session, store, TimeProvider.System)
                .HandleOnceAsync(handledEvent, "reviews", _ => Task.CompletedTask, default));
        }

        async Task<(bool Published, bool Unpublished, bool Handled)> RemainingAfterDeletingBeforeAsync(DateTimeOffset cutoff)
        {
            await outbox.DeletePublishedAsync(cutoff, default);
            await using var session = store.OpenSession();
            await new DocumentInboxStore(session, store, TimeProvider.System).DeleteHandledAsync(cutoff, default);
            return (
                await session.LoadAsync<OutboxDocument>(published.Id.ToString("D")) is not null,
                await session.LoadAsync<OutboxDocument>(unpublished.Id.ToString("D")) is not null,
                await session.LoadAsync<InboxDocument>(InboxDocument.IdFor(handledEvent, "reviews")) is not null);
        }

        // The second cutoff also deletes other tests' published rows and inbox records in this class's store: harmless,
        // since xunit runs a class's tests one at a time and none looks at them once it is over.
        Assert.Equal((true, true, true), await RemainingAfterDeletingBeforeAsync(DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal((false, true, false), await RemainingAfterDeletingBeforeAsync(DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [SkippableFact]
    public async Task Inbox_runs_a_handler_once_per_event_and_consumer_committing_its_writes_with_the_record()
    {
        var store = await StoreAsync();
        var eventId = Guid.NewGuid();
        var runs = 0;

        async Task<bool> DeliverAsync(string consumer, string title)
        {
            await using var session = store.OpenSession();
            var inbox = new DocumentInboxStore(session, store, TimeProvider.System);
            return await inbox.HandleOnceAsync(eventId, consumer, _ =>
            {
                runs++;
                session.Insert(Lesson(title, Monday));
                return Task.CompletedTask;
            }, default);
        }

        Assert.True(await DeliverAsync("reviews", "first delivery"));
        Assert.False(await DeliverAsync("reviews", "redelivery"));
        Assert.Equal(1, runs);
        // Another consumer of the same event is independent.
        Assert.True(await DeliverAsync("notifications", "other consumer"));
        Assert.Equal(2, runs);

        await using var reader = store.OpenSession();
        Assert.Equal(["first delivery", "other consumer"],
            Titles(await reader.Query<LessonDocument>().Where(x => x.Batch == Batch).OrderBy(x => x.Title).ToListAsync()));
        var record = await reader.LoadAsync<InboxDocument>(InboxDocument.IdFor(eventId, "reviews"));
        Assert.Equal(eventId, record?.EventId);
    }

    [SkippableFact]
    public async Task Inbox_records_nothing_when_the_handler_fails_so_the_retry_runs_it()
    {
        var store = await StoreAsync();
        var eventId = Guid.NewGuid();
        await using var session = store.OpenSession();
        var inbox = new DocumentInboxStore(session, store, TimeProvider.System);

        await Assert.ThrowsAsync<InvalidOperationException>(() => inbox.HandleOnceAsync(eventId, "sessions", _ =>
        {
            session.Insert(Lesson("half done", Monday));
            throw new InvalidOperationException("handler failed");
        }, default));

        // Same scoped session, as a consumer retry would use it.
        Assert.True(await inbox.HandleOnceAsync(eventId, "sessions", _ =>
        {
            session.Insert(Lesson("retried", Monday));
            return Task.CompletedTask;
        }, default));

        Assert.Equal(["retried"], Titles(await session.Query<LessonDocument>().Where(x => x.Batch == Batch).ToListAsync()));
    }

    [SkippableFact]
    public async Task Inbox_concurrent_duplicate_delivery_loses_cleanly_and_commits_none_of_its_writes()
    {
        var store = await StoreAsync();
        Skip.IfNot(store.SupportsAtomicCommit, "this MongoDB is standalone: atomic commits need a replica set");
        var eventId = Guid.NewGuid();
        await using var slowSession = store.OpenSession();
        var slow = new DocumentInboxStore(slowSession, store, TimeProvider.System);

        // The slow delivery passes the "already handled?" check, then the fast one completes while it is still running.
        var handled = await slow.HandleOnceAsync(eventId, "chat", async token =>
        {
            slowSession.Insert(Lesson("slow", Monday));
            await using var fastSession = store.OpenSession();
            var fast = new DocumentInboxStore(fastSession, store, TimeProvider.System);
            Assert.True(await fast.HandleOnceAsync(eventId, "chat", _ =>
            {
                fastSession.Insert(Lesson("fast", Monday));
                return Task.CompletedTask;
            }, token));
        }, default);

        Assert.False(handled);
        await using var reader = store.OpenSession();
        Assert.Equal(["fast"], Titles(await reader.Query<LessonDocument>().Where(x => x.Batch == Batch).ToListAsync()));
    }

    [SkippableFact]
    public async Task Writing_an_unregistered_document_type_fails_fast()
    {
        var store = await StoreAsync();
        await using var session = store.OpenSession();
        var error = Assert.Throws<InvalidOperationException>(() => session.Insert(new UnregisteredDocument { Id = "x" }));
        Assert.Contains("not registered", error.Message);
    }

    private static List<string> Titles(IEnumerable<LessonDocument> lessons) => [.. lessons.Select(x => x.Title)];

    private sealed class UnregisteredDocument : IDocument
    {
        public string Id { get; init; } = "";

        public long Version { get; set; }
    }
}
