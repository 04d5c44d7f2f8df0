using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Identity.Erasure;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class ErasureTests(IdentityApp app)
{
    private readonly TestAccounts _accounts = new(app);

    private static Task<HttpResponseMessage> EraseAsync(HttpClient client, string? password) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{TestAccounts.Prefix}/me") { Content = JsonContent.Create(new { password }) });

    private static async Task<ErasureStatusResponse> WaitForStatusAsync(HttpClient client, string status)
    {
        ErasureStatusResponse? last = null;
        await Eventually.WaitUntilAsync(async () =>
        {
            last = await client.GetFromJsonAsync<ErasureStatusResponse>($"{TestAccounts.Prefix}/me/erasure");
            return last!.Status == status;
        }, TimeSpan.FromSeconds(20), $"erasure status {status}");
        return last!;
    }

    /// <summary>The services Identity waits for (Erasure:Participants in appsettings.json).</summary>
    private static readonly string[] Participants = ["profiles", "sessions", "payments", "chat", "reviews", "notifications", "administration"];

    private async Task AnswerForEveryParticipantAsync(Guid userId)
    {
        foreach (var service in Participants)
        {
            await app.Probe.PublishAsync(new UserDataErased(userId, service));
        }
    }

    [Fact]
    public async Task Erasure_waits_for_every_participant_then_deletes_the_account_and_announces_it()
    {
        var account = await _accounts.CreateVerifiedAsync(marketingConsent: true);
        var client = _accounts.Authorized(account);

        var started = await (await EraseAsync(client, account.Password)).ReadAsync<ErasureStatusResponse>(HttpStatusCode.Accepted);

        Assert.Equal("pending", started.Status);
        Assert.Equal(Participants.Order(), started.Participants.Select(participant => participant.Service).Order());
        Assert.InRange(started.Deadline, DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));
        var requested = await app.Probe.Received.WaitForAsync<UserErasureRequested>(e => e.UserId == account.Id);
        Assert.Equal(started.Deadline, requested.Deadline);
        // Signed out everywhere and unable to sign in while the saga runs.
        await (await _accounts.RefreshAsync(account.Tokens.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _accounts.LoginAsync(account.Email)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.True(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Id == account.Id)));

        // Each participant erases its part and says so.
        await AnswerForEveryParticipantAsync(account.Id);

        var completed = await WaitForStatusAsync(client, "completed");
        Assert.NotNull(completed.AccountDeletedAt);
        Assert.All(completed.Participants, participant => Assert.NotNull(participant.ErasedAt));
        await app.Probe.Received.WaitForAsync<UserErased>(e => e.UserId == account.Id);
        var (users, consents, refreshTokens, mailedTokens) = await app.QueryAsync(async db => (
            await db.Users.CountAsync(u => u.Id == account.Id),
            await db.Consents.CountAsync(c => c.UserId == account.Id),
            await db.RefreshTokens.CountAsync(t => t.UserId == account.Id),
            await db.OneTimeTokens.CountAsync(t => t.UserId == account.Id)));
        Assert.Equal((0, 0, 0, 0), (users, consents, refreshTokens, mailedTokens));
        await (await client.GetAsync($"{TestAccounts.Prefix}/me")).AssertProblemAsync(HttpStatusCode.NotFound, "account-not-found");
    }

    [Fact]
    public async Task Past_the_deadline_the_request_is_overdue_the_account_deleted_and_a_late_answer_completes_it()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var client = _accounts.Authorized(account);
        await (await EraseAsync(client, account.Password)).ReadAsync<ErasureStatusResponse>(HttpStatusCode.Accepted);
        await app.Probe.Received.WaitForAsync<UserErasureRequested>(e => e.UserId == account.Id);

        // Thirty days pass without Profiles answering (moved in the database; the sweep runs every second here).
        await app.QueryAsync(db => db.ErasureRequests.Where(r => r.UserId == account.Id)
            .ExecuteUpdateAsync(setters => setters.SetProperty(r => r.Deadline, DateTimeOffset.UtcNow.AddSeconds(-1))));

        var overdue = await WaitForStatusAsync(client, "overdue");
        Assert.NotNull(overdue.AccountDeletedAt);
        Assert.All(overdue.Participants, participant => Assert.Null(participant.ErasedAt));
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Id == account.Id)));
        Assert.Empty(app.Probe.Received.All<UserErased>(e => e.UserId == account.Id));

        await AnswerForEveryParticipantAsync(account.Id);

        await WaitForStatusAsync(client, "completed");
        await app.Probe.Received.WaitForAsync<UserErased>(e => e.UserId == account.Id);
    }

    [Fact]
    public async Task Erasure_needs_the_right_password_and_changes_nothing_otherwise()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var client = _accounts.Authorized(account);
        var before = await DatabaseFingerprint.TakeAsync(app);

        await (await EraseAsync(client, null)).AssertValidationProblemAsync("password");
        await (await client.DeleteAsync($"{TestAccounts.Prefix}/me")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));

        await (await EraseAsync(client, "wrong password 123")).AssertProblemAsync(HttpStatusCode.Forbidden, "password-confirmation-failed");
        Assert.False(await app.QueryAsync(db => db.ErasureRequests.AnyAsync(r => r.UserId == account.Id)));
        await (await client.GetAsync($"{TestAccounts.Prefix}/me/erasure")).AssertProblemAsync(HttpStatusCode.NotFound, "erasure-not-found");
        Assert.Equal(HttpStatusCode.OK, (await _accounts.RefreshAsync(account.Tokens.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task A_stolen_token_cannot_outrun_the_lockout_on_the_erasure_password()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var client = _accounts.Authorized(account);

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(guess => EraseAsync(client, $"wrong password {guess:000}")));

        Assert.Equal(5, answers.Count(answer => answer.StatusCode == HttpStatusCode.Forbidden));
        Assert.Equal(25, answers.Count(answer => answer.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.False(await app.QueryAsync(db => db.ErasureRequests.AnyAsync(r => r.UserId == account.Id)));
    }

    [Fact]
    public async Task Asking_twice_returns_the_running_request()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var client = _accounts.Authorized(account);

        var first = await (await EraseAsync(client, account.Password)).ReadAsync<ErasureStatusResponse>(HttpStatusCode.Accepted);
        var second = await (await EraseAsync(client, account.Password)).ReadAsync<ErasureStatusResponse>(HttpStatusCode.Accepted);

        Assert.Equal(first.RequestId, second.RequestId);
        Assert.Single(await app.QueryAsync(db => db.ErasureRequests.Where(r => r.UserId == account.Id).ToListAsync()));
    }

    [Fact]
    public async Task An_answer_from_a_service_that_is_not_a_participant_is_ignored()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var client = _accounts.Authorized(account);
        await EraseAsync(client, account.Password);

        await app.Probe.PublishAsync(new UserDataErased(account.Id, "reviews"));
        await app.Probe.PublishAsync(new UserDataErased(Guid.NewGuid(), "profiles"));
        // A marker after the two: once it is handled, they were too (one consumer, in order).
        var marker = await _accounts.CreateVerifiedAsync();
        await EraseAsync(_accounts.Authorized(marker), marker.Password);
        await AnswerForEveryParticipantAsync(marker.Id);
        await WaitForStatusAsync(_accounts.Authorized(marker), "completed");

        var status = await client.GetFromJsonAsync<ErasureStatusResponse>($"{TestAccounts.Prefix}/me/erasure");
        Assert.Equal("pending", status!.Status);
        Assert.True(await app.QueryAsync(db => db.Users.AnyAsync(u => u.Id == account.Id)));
    }
}
