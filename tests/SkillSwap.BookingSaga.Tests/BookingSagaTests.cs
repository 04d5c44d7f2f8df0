using System.Net;
using System.Net.Http.Json;
using SkillSwap.Testing;

namespace SkillSwap.BookingSaga.Tests;

/// <summary>
/// The booking saga between the real Sessions and Payments: SessionRequested → CreditsHeld or CreditsRejected →
/// requested or rejected, under concurrency and through crashes. "Consistent" means, for every learner: each session is
/// either requested with exactly its credits in escrow, or rejected with nothing taken; the balance never goes below
/// zero; and the whole ledger sums to zero.
/// </summary>
[Collection(BookingSagaCollection.Name)]
public sealed class BookingSagaTests(BookingSagaApp app)
{
    private const int SessionMinutes = 60;

    [Fact]
    public async Task A_hundred_concurrent_bookings_by_a_learner_whose_credits_cover_ten_hold_exactly_ten()
    {
        var learnerId = await app.RegisterAsync();
        var teacherId = await app.RegisterAsync();
        var slots = Enumerable.Range(0, 100).Select(i => Slot(TimeSpan.FromDays(2) + TimeSpan.FromHours(i))).ToList();

        using var learner = app.SessionsFor(learnerId);
        var created = await Task.WhenAll(slots.Select(slot => RequestAsync(learner, teacherId, slot)));

        var settled = await WaitUntilSettledAsync(learner, created);
        Assert.Equal(10, settled.Count(session => session.Status == "requested"));
        Assert.Equal(90, settled.Count(session => session.Status == "rejected"));
        using var payments = app.PaymentsFor(learnerId);
        var wallet = await BookingSagaApp.WalletAsync(payments);
        Assert.Equal(0, wallet.BalanceMinutes);
        Assert.Equal(10 * SessionMinutes, wallet.HeldMinutes);
        await AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task Killing_Payments_and_restarting_the_broker_during_a_burst_loses_and_doubles_nothing()
    {
        // Each learner's grant covers 10 hours; each asks for 12: exactly 10 must be held, whatever crashes.
        var learners = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            learners.Add(await app.RegisterAsync());
        }
        var teacherId = await app.RegisterAsync();
        var requests = learners.SelectMany(learner => Enumerable.Range(0, 12).Select(i => (Learner: learner, Slot: Slot(TimeSpan.FromDays(3) + TimeSpan.FromHours(i))))).ToList();

        var burst = Task.Run(async () =>
        {
            var created = new List<(Guid Learner, string SessionId)>();
            foreach (var batch in requests.Chunk(8))
            {
                var ids = await Task.WhenAll(batch.Select(async request =>
                {
                    using var client = app.SessionsFor(request.Learner);
                    return (request.Learner, await RequestAsync(client, teacherId, request.Slot));
                }));
                created.AddRange(ids);
                await Task.Delay(200);
            }
            return created;
        });
        await Task.Delay(1500);
        Assert.False(burst.IsCompleted, "the burst must still be running when Payments dies");
        await app.Payments.KillAsync();
        await Task.Delay(1000);
        await app.Broker.StopAsync();
        await app.Broker.StartAsync();
        await app.Payments.StartAsync();
        var sessions = await burst;

        Assert.Equal(requests.Count, sessions.Count);
        foreach (var learnerId in learners)
        {
            using var learner = app.SessionsFor(learnerId);
            var own = sessions.Where(session => session.Learner == learnerId).Select(session => session.SessionId).ToList();
            var settled = await WaitUntilSettledAsync(learner, own);
            var requested = settled.Where(session => session.Status == "requested").ToList();
            Assert.Equal(10, requested.Count);
            Assert.Equal(2, settled.Count(session => session.Status == "rejected"));

            using var payments = app.PaymentsFor(learnerId);
            var wallet = await BookingSagaApp.WalletAsync(payments);
            Assert.Equal(0, wallet.BalanceMinutes);
            Assert.Equal(10 * SessionMinutes, wallet.HeldMinutes);
            foreach (var session in settled)
            {
                var escrow = await payments.GetAsync($"/api/v1/wallet/escrows/{session.Id}");
                if (session.Status == "requested")
                {
                    var held = await escrow.Content.ReadFromJsonAsync<BookingSagaApp.Escrow>(BookingSagaApp.Json);
                    Assert.Equal(("held", SessionMinutes), (held!.Status, held.HeldMinutes));
                }
                else
                {
                    Assert.True(escrow.StatusCode == HttpStatusCode.NotFound
                        || (await escrow.Content.ReadFromJsonAsync<BookingSagaApp.Escrow>(BookingSagaApp.Json))!.HeldMinutes == 0);
                }
            }
        }
        await AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task A_second_request_for_a_time_already_confirmed_is_refused_at_once_and_holds_nothing()
    {
        var learnerId = await app.RegisterAsync();
        var teacherId = await app.RegisterAsync();
        var slot = Slot(TimeSpan.FromDays(20));
        using var learner = app.SessionsFor(learnerId);
        using var teacher = app.SessionsFor(teacherId);
        var first = await RequestAsync(learner, teacherId, slot);
        await WaitUntilSettledAsync(learner, [first]);
        var accepted = await teacher.PostAsJsonAsync($"/api/v1/sessions/{first}/accept", new { startsAt = slot });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var payments = app.PaymentsFor(learnerId);
        var before = await BookingSagaApp.WalletAsync(payments);

        var again = await learner.PostAsJsonAsync("/api/v1/sessions",
            new { teacherId, skill = "Piano", proposedStarts = new[] { slot }, durationMinutes = SessionMinutes, format = "online" });

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "slot-taken");
        // Witness: a request for another time is held, and only its credits left the balance.
        var other = await RequestAsync(learner, teacherId, slot.AddHours(3));
        Assert.Equal("requested", Assert.Single(await WaitUntilSettledAsync(learner, [other])).Status);
        var after = await BookingSagaApp.WalletAsync(payments);
        Assert.Equal((before.BalanceMinutes - SessionMinutes, before.HeldMinutes + SessionMinutes), (after.BalanceMinutes, after.HeldMinutes));
        await AssertLedgerHealthyAsync();
    }

    private static DateTimeOffset Slot(TimeSpan ahead)
    {
        var utc = DateTimeOffset.UtcNow.Add(ahead).UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Asks for a session, retrying while the service is unreachable (the idempotency key makes a retry safe).</summary>
    private static async Task<string> RequestAsync(HttpClient learner, Guid teacherId, DateTimeOffset slot)
    {
        var key = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions")
                {
                    Content = JsonContent.Create(new { teacherId, skill = "Piano", proposedStarts = new[] { slot }, durationMinutes = SessionMinutes, format = "online" }),
                };
                request.Headers.Add("Idempotency-Key", key);
                var response = await learner.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.NotFound && attempt < 20)
                {
                    // Sessions hears of the new teacher from the same UserRegistered as Payments, perhaps a moment later.
                    await Task.Delay(500);
                    continue;
                }
                Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                return (await response.Content.ReadFromJsonAsync<BookingSagaApp.Session>(BookingSagaApp.Json))!.Id;
            }
            catch (HttpRequestException) when (attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task<IReadOnlyList<BookingSagaApp.Session>> WaitUntilSettledAsync(HttpClient learner, IReadOnlyCollection<string> sessionIds)
    {
        IReadOnlyList<BookingSagaApp.Session> sessions = [];
        await Eventually.WaitUntilAsync(async () =>
        {
            sessions = await Task.WhenAll(sessionIds.Select(async id => (await learner.GetFromJsonAsync<BookingSagaApp.Session>($"/api/v1/sessions/{id}", BookingSagaApp.Json))!));
            return sessions.All(session => session.Status != "pending-payment");
        }, TimeSpan.FromSeconds(120), "every booking answered by Payments");
        return sessions;
    }

    private async Task AssertLedgerHealthyAsync()
    {
        var audit = await app.AuditAsync();
        Assert.True(audit.Healthy, audit.ToString());
        Assert.Equal(0, audit.LedgerSumMinutes);
        Assert.Equal(0, audit.NegativeUserWallets);
        Assert.Equal(0, audit.MismatchedAccounts);
    }
}
