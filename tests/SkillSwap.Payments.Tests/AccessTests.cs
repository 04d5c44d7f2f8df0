using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.Payments.Ledger;
using SkillSwap.Payments.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Payments.Tests;

/// <summary>Whose money one may see: one's own wallet and the escrows of one's own bookings; the audit for staff only.</summary>
[Collection(PaymentsCollection.Name)]
public sealed class AccessTests(PaymentsApp app)
{
    [Fact]
    public async Task Only_the_learner_and_the_teacher_can_read_a_bookings_escrow()
    {
        var learner = await app.RegisterUserAsync();
        var teacher = await app.RegisterUserAsync();
        var stranger = await app.RegisterUserAsync();
        var booking = await app.HoldAsync(learner, teacher, 60);

        Assert.Equal("learner", (await app.EscrowViewAsync(learner, booking.BookingId)).Role);
        Assert.Equal("teacher", (await app.EscrowViewAsync(teacher, booking.BookingId)).Role);

        using var strangerClient = app.ClientFor(stranger);
        var hidden = await (await strangerClient.GetAsync($"/api/v1/wallet/escrows/{booking.BookingId}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "escrow-not-found");
        var unknown = await (await strangerClient.GetAsync($"/api/v1/wallet/escrows/{Guid.CreateVersion7()}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "escrow-not-found");
        // The same answer whether the booking exists or not: nothing to learn by probing ids.
        Assert.Equal(unknown.GetProperty("detail").GetString(), hidden.GetProperty("detail").GetString());
        // Staff roles do not open other people's escrows either.
        using var moderator = app.ClientFor(stranger, "admin");
        await (await moderator.GetAsync($"/api/v1/wallet/escrows/{booking.BookingId}")).AssertProblemAsync(HttpStatusCode.NotFound, "escrow-not-found");
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task The_wallet_is_always_the_callers_own_whatever_the_request_names()
    {
        var rich = await app.RegisterUserAsync();
        var poor = await app.RegisterUserAsync();
        await app.HoldAsync(poor, rich, 150);

        using var client = app.ClientFor(poor);
        foreach (var path in new[] { "/api/v1/wallet", $"/api/v1/wallet?userId={rich}", $"/api/v1/wallet/statement?userId={rich}" })
        {
            var body = await (await client.GetAsync(path)).ReadAsync<JsonElement>(HttpStatusCode.OK);
            var text = body.ToString();
            Assert.DoesNotContain(rich.ToString(), text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(30, (await app.WalletAsync(poor)).BalanceMinutes);
        Assert.Equal(180, (await app.WalletAsync(rich)).BalanceMinutes);
        await LedgerInvariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task The_ledger_audit_is_for_moderators_and_admins()
    {
        var member = await app.RegisterUserAsync();
        await app.HoldAsync(member, await app.RegisterUserAsync(), 60);

        using var memberClient = app.ClientFor(member);
        await (await memberClient.GetAsync("/api/v1/payments/ledger/audit")).AssertProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = app.CreateClient();
        await (await anonymous.GetAsync("/api/v1/payments/ledger/audit")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var forged = app.ClientWith(TestTokenIssuer.Unsigned(member, "admin"));
        await (await forged.GetAsync("/api/v1/payments/ledger/audit")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        foreach (var role in new[] { "moderator", "admin" })
        {
            var report = await app.GetAsync<LedgerAuditReport>(Guid.CreateVersion7(), "/api/v1/payments/ledger/audit", role);
            Assert.True(report.Healthy, report.ToString());
            Assert.Equal((0, 0, 0, 0, 0), (report.LedgerSumMinutes, report.MismatchedAccounts, report.NegativeUserWallets, report.UnbalancedTransactions, report.EscrowsOutOfStep));
            Assert.True(report.MintedMinutes >= 360 && report.EscrowMinutes >= 60, report.ToString());
            Assert.Equal(report.MintedMinutes, report.WalletMinutes + report.EscrowMinutes);
        }
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_refused_as_problems()
    {
        using var anonymous = app.CreateClient();
        await (await anonymous.GetAsync("/api/v1/wallet")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var expired = app.ClientWith(app.Issuer.Expired(Guid.CreateVersion7()));
        await (await expired.GetAsync("/api/v1/wallet")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var forged = app.ClientWith(app.Issuer.Forged(Guid.CreateVersion7()));
        await (await forged.GetAsync("/api/v1/wallet/statement")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var notAUser = app.ClientWith(app.Issuer.WithSubject("service-account"));
        await (await notAUser.GetAsync("/api/v1/wallet")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("/api/v1/wallet/statement?limit=0", "limit")]
    [InlineData("/api/v1/wallet/statement?limit=101", "limit")]
    [InlineData("/api/v1/wallet/statement?limit=ten", "limit")]
    [InlineData("/api/v1/wallet/statement?limit=-5", "limit")]
    [InlineData("/api/v1/wallet/statement?limit=99999999999999999999", "limit")]
    [InlineData("/api/v1/wallet/statement?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/v1/wallet/statement?cursor=ZW50cnk6LTE", "cursor")]
    [InlineData("/api/v1/wallet/statement?cursor=%00%01", "cursor")]
    [InlineData("/api/v1/wallet/statement?cursor=", "cursor")]
    [InlineData("/api/v1/wallet/escrows/not-a-booking", "bookingId")]
    [InlineData("/api/v1/wallet/escrows/12345", "bookingId")]
    public async Task Bad_input_is_a_400_problem_naming_the_field_and_changes_nothing(string path, string field)
    {
        var user = await app.RegisterUserAsync();
        var before = await DatabaseFingerprint.TakeAsync(app);

        using var client = app.ClientFor(user);
        var response = await client.GetAsync(path);

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    [Fact]
    public async Task Unknown_routes_and_methods_are_problems_too()
    {
        using var client = app.ClientFor(Guid.CreateVersion7());
        await (await client.GetAsync("/api/v1/wallet/nothing-here/at-all")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync("/api/v1/wallet", new { balanceMinutes = 1_000_000 })).AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }
}
