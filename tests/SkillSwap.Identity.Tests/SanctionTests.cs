using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SkillSwap.EventBus.EntityFrameworkCore.Inbox;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

/// <summary>What Identity does with the moderators' sanctions: no sign-in, no refresh, every sign-in ended, tokens denied.</summary>
[Collection(IdentityCollection.Name)]
public sealed class SanctionTests(IdentityApp app)
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(20);
    private readonly TestAccounts _accounts = new(app);

    private AccountDenyList DenyList => app.Services.GetRequiredService<AccountDenyList>();

    private async Task WaitUntilDeniedAsync(Guid userId, bool denied) =>
        await Eventually.WaitUntilAsync(async () => await DenyList.FindAsync(userId) is not null == denied, Promptly,
            () => denied ? "the account is on the deny list" : "the account is off the deny list");

    [Fact]
    public async Task A_suspended_account_cannot_sign_in_or_refresh_its_sign_ins_end_and_a_lift_restores_sign_in()
    {
        var account = await _accounts.CreateVerifiedAsync();
        // Microseconds, as PostgreSQL keeps it.
        var until = DateTimeOffset.UnixEpoch.AddMicroseconds((DateTimeOffset.UtcNow.AddDays(7) - DateTimeOffset.UnixEpoch).Ticks / 10);
        var sanction = new AccountSanctioned(Guid.CreateVersion7(), account.Id, AccountSanctioned.Suspension, until, "Insults in chat");

        await app.Probe.PublishAsync(sanction);

        await WaitUntilDeniedAsync(account.Id, denied: true);
        var denial = (await DenyList.FindAsync(account.Id))!;
        Assert.Equal((false, until), (denial.Banned, denial.Until));
        var ended = await app.Probe.Received.WaitForAsync<SignInsEnded>(e => e.UserId == account.Id);
        Assert.Equal(SignInsEnded.Sanction, ended.Reason);
        Assert.True(ended.EndsEverySignIn);
        await (await _accounts.RefreshAsync(account.Tokens.RefreshToken)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-refresh-token");
        var refused = await (await _accounts.LoginAsync(account.Email)).AssertProblemAsync(HttpStatusCode.Forbidden, "account-suspended");
        Assert.Equal(until, refused.GetProperty("until").GetDateTimeOffset());
        // Only whoever knows the password learns of the sanction.
        await (await _accounts.LoginAsync(account.Email, "not the password at all")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        // The deny entry lives as long as an access token issued before could, not for the whole week.
        var ttl = await app.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase().KeyTimeToLiveAsync(AccountDenyList.KeyOf(account.Id));
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(12));

        // A lift of an older sanction (one this one replaced) changes nothing; the lift of this one restores sign-in.
        await app.Probe.PublishAsync(new AccountSanctionLifted(Guid.CreateVersion7(DateTimeOffset.UtcNow.AddDays(-1)), account.Id, AccountSanctionLifted.Lifted));
        await app.Probe.PublishAsync(new AccountSanctionLifted(sanction.SanctionId, account.Id, AccountSanctionLifted.Lifted));

        await WaitUntilDeniedAsync(account.Id, denied: false);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(account.Email)).StatusCode);
        Assert.Null(await app.QueryAsync(db => db.Users.Where(u => u.Id == account.Id).Select(u => u.SanctionId).SingleAsync()));
    }

    private Task WaitUntilHandledAsync(IntegrationEvent integrationEvent) =>
        Eventually.WaitUntilAsync(() => app.QueryAsync(db => db.Set<InboxRecord>().AnyAsync(r => r.EventId == integrationEvent.Id)), Promptly,
            () => $"Identity handled {integrationEvent.GetType().Name} {integrationEvent.Id}");

    [Fact]
    public async Task A_ban_answers_account_banned_and_a_stale_lift_leaves_it_in_force()
    {
        var account = await _accounts.CreateVerifiedAsync();
        // Sanction ids order as the sanctions were imposed: the suspension first, the ban a minute later.
        var now = DateTimeOffset.UtcNow;
        var suspension = new AccountSanctioned(Guid.CreateVersion7(now.AddMinutes(-1)), account.Id, AccountSanctioned.Suspension, now.AddDays(1), "Spam");
        var ban = new AccountSanctioned(Guid.CreateVersion7(now), account.Id, AccountSanctioned.Ban, null, "Spam again");

        await app.Probe.PublishAsync(suspension);
        await app.Probe.PublishAsync(ban);
        await Eventually.WaitUntilAsync(async () => (await DenyList.FindAsync(account.Id))?.Banned == true, Promptly, () => "the ban is on the deny list");
        // The suspension the ban replaced ends later (its date): the ban stays.
        var staleLift = new AccountSanctionLifted(suspension.SanctionId, account.Id, AccountSanctionLifted.Expired);
        await app.Probe.PublishAsync(staleLift);
        await WaitUntilHandledAsync(staleLift);

        var refused = await (await _accounts.LoginAsync(account.Email)).AssertProblemAsync(HttpStatusCode.Forbidden, "account-banned");
        Assert.False(refused.TryGetProperty("until", out _));
        Assert.Equal(ban.SanctionId, await app.QueryAsync(db => db.Users.Where(u => u.Id == account.Id).Select(u => u.SanctionId).SingleAsync()));
        Assert.True((await DenyList.FindAsync(account.Id))!.Banned);
    }

    [Fact]
    public async Task A_sanction_that_arrives_after_its_lift_or_after_a_newer_sanction_was_lifted_changes_nothing()
    {
        var account = await _accounts.CreateVerifiedAsync();
        var now = DateTimeOffset.UtcNow;
        var older = new AccountSanctioned(Guid.CreateVersion7(now.AddMinutes(-2)), account.Id, AccountSanctioned.Ban, null, "Spam");
        var newer = new AccountSanctioned(Guid.CreateVersion7(now.AddMinutes(-1)), account.Id, AccountSanctioned.Suspension, now.AddDays(7), "Spam, on second thoughts");
        var lift = new AccountSanctionLifted(newer.SanctionId, account.Id, AccountSanctionLifted.Lifted);

        // A retry delivered them in the reverse order: the lift, then the sanction it lifts, then the one that sanction replaced.
        await app.Probe.PublishAsync(lift);
        await WaitUntilHandledAsync(lift);
        await app.Probe.PublishAsync(newer);
        await WaitUntilHandledAsync(newer);
        await app.Probe.PublishAsync(older);
        await WaitUntilHandledAsync(older);

        Assert.Null(await DenyList.FindAsync(account.Id));
        Assert.Equal(HttpStatusCode.OK, (await _accounts.RefreshAsync(account.Tokens.RefreshToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(account.Email)).StatusCode);
        var stored = await app.QueryAsync(db => db.Users.Where(u => u.Id == account.Id).Select(u => new { u.SanctionId, u.NewestSanctionId }).SingleAsync());
        Assert.Equal((null, newer.SanctionId), (stored.SanctionId, stored.NewestSanctionId));
    }
}
