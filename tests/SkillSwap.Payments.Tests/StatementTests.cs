using System.Net;
using System.Text.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Payments.Tests.Infrastructure;
using SkillSwap.Payments.Wallets;
using SkillSwap.Testing;

namespace SkillSwap.Payments.Tests;

[Collection(PaymentsCollection.Name)]
public sealed class StatementTests(PaymentsApp app)
{
    [Fact]
    public async Task The_statement_lists_movements_newest_first_with_running_balances_across_pages()
    {
        var user = await app.RegisterUserAsync();
        var other = await app.RegisterUserAsync();
        var learning = await app.HoldAsync(user, other, 45);
        await app.PublishAndWaitAsync(new BookingCompleted(learning.BookingId, learning.SessionId, user, other));
        var teaching = await app.HoldAsync(other, user, 90);
        await app.PublishAndWaitAsync(new BookingCompleted(teaching.BookingId, teaching.SessionId, other, user));
        var cancelled = await app.HoldAsync(user, other, 30);
        await app.PublishAndWaitAsync(new BookingCancelled(
            cancelled.BookingId, cancelled.SessionId, user, other, BookingCancellationReason.TeacherCancelled, Late: false));

        var entries = new List<StatementEntryResponse>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await app.GetAsync<StatementResponse>(user, "/api/v1/wallet/statement?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.True(page.Items.Count <= 2);
            entries.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        // The release of the first booking and the hold of the second move other people's wallets, not this one.
        Assert.Equal(["refund", "hold", "release", "hold", "grant"], entries.Select(e => e.Kind));
        Assert.Equal([30L, -30, 90, -45, 180], entries.Select(e => e.AmountMinutes));
        Assert.Equal([225L, 195, 225, 135, 180], entries.Select(e => e.BalanceAfterMinutes));
        Assert.Equal(225, (await app.WalletAsync(user)).BalanceMinutes);
        Assert.Equal(teaching.BookingId, entries[2].BookingId);
        Assert.Equal(teaching.SessionId, entries[2].SessionId);
        Assert.Null(entries[^1].BookingId);
        Assert.Equal(3m, entries[^1].AmountCredits);
        Assert.All(entries, e => Assert.Equal(TimeSpan.Zero, e.OccurredAt.Offset));
        Assert.Equal(entries.Count, entries.Select(e => e.Id).Distinct().Count());
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Statement_timestamps_are_utc_iso_8601_and_cursors_are_opaque()
    {
        var user = await app.RegisterUserAsync();
        await app.HoldAsync(user, await app.RegisterUserAsync(), 15);

        using var client = app.ClientFor(user);
        var body = await (await client.GetAsync("/api/v1/wallet/statement?limit=1")).ReadAsync<JsonElement>(HttpStatusCode.OK);

        var occurredAt = body.GetProperty("items")[0].GetProperty("occurredAt").GetString()!;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$", occurredAt);
        var cursor = body.GetProperty("nextCursor").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]+$", cursor);
        var next = await (await client.GetAsync($"/api/v1/wallet/statement?cursor={cursor}")).ReadAsync<StatementResponse>(HttpStatusCode.OK);
        Assert.Equal("grant", Assert.Single(next.Items).Kind);
        Assert.Null(next.NextCursor);
    }
}
