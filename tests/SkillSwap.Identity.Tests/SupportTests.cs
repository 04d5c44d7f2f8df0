using System.Net;
using System.Net.Http.Json;
using SkillSwap.Identity.Support;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.IntegrationEvents;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

/// <summary>Support's desk: a support agent looks accounts up and helps, every time with a reason that is recorded.</summary>
[Collection(IdentityCollection.Name)]
public sealed class SupportTests(IdentityApp app)
{
    private const string Reason = "Ticket 4711: cannot sign in";
    private readonly TestAccounts _accounts = new(app);

    /// <summary>A verified account the admin makes a support agent, signed in again so its token carries the role.</summary>
    private async Task<(TestAccount Agent, HttpClient Client)> SupportAgentAsync()
    {
        var admin = await AdminAccount.GetAsync(app, _accounts);
        var agent = await _accounts.CreateVerifiedAsync();
        var made = await _accounts.Authorized(admin).PutAsJsonAsync($"{TestAccounts.Prefix}/users/{agent.Id}/role", new { role = "support" });
        Assert.Equal(HttpStatusCode.NoContent, made.StatusCode);
        var tokens = await _accounts.LoginOkAsync(agent.Email);
        return (agent, _accounts.Authorized(tokens.AccessToken));
    }

    [Fact]
    public async Task An_agent_looks_up_a_locked_out_member_lifts_the_lockout_and_each_step_is_announced_with_its_reason()
    {
        var (agent, support) = await SupportAgentAsync();
        var member = await _accounts.CreateVerifiedAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await _accounts.LoginAsync(member.Email, "not the right password");
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _accounts.LoginAsync(member.Email)).StatusCode);

        var view = await (await support.PostAsJsonAsync($"{TestAccounts.Prefix}/support/accounts/look-ups", new { email = member.Email.ToUpperInvariant(), reason = Reason }))
            .ReadAsync<SupportAccountView>(HttpStatusCode.OK);

        Assert.Equal((member.Id, true, "member"), (view.Id, view.EmailVerified, view.Role));
        Assert.NotNull(view.LockedOutUntil);
        Assert.Null(view.Sanction);
        var lookedUp = await app.Probe.Received.WaitForAsync<SupportActionTaken>(e => e.UserId == member.Id && e.Action == SupportActionTaken.LookUp);
        Assert.Equal((agent.Id, Reason), (lookedUp.StaffId, lookedUp.Reason));

        Assert.Equal(HttpStatusCode.NoContent, (await support.PostAsJsonAsync($"{TestAccounts.Prefix}/support/accounts/{member.Id}/lockout/lifting", new { reason = Reason })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _accounts.LoginAsync(member.Email)).StatusCode);
        await app.Probe.Received.WaitForAsync<SupportActionTaken>(e => e.UserId == member.Id && e.Action == SupportActionTaken.LockoutLifted);
    }

    [Fact]
    public async Task An_agent_sends_an_unconfirmed_sign_up_its_link_again_and_a_confirmed_one_needs_none()
    {
        var (_, support) = await SupportAgentAsync();
        var email = TestAccounts.NewEmail("unconfirmed");
        Assert.Equal(HttpStatusCode.Accepted, (await _accounts.SignUpAsync(TestAccounts.SignUpBody(email))).StatusCode);
        var first = await app.Probe.Received.WaitForAsync<EmailVerificationRequested>(e => e.Email == email);

        Assert.Equal(HttpStatusCode.Accepted, (await support.PostAsJsonAsync($"{TestAccounts.Prefix}/support/accounts/{first.UserId}/verification-link", new { reason = Reason })).StatusCode);

        var second = await app.Probe.Received.WaitForAsync<EmailVerificationRequested>(e => e.Email == email, count: 2);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await _accounts.ConfirmEmailAsync(second.Token)).StatusCode);
        await (await support.PostAsJsonAsync($"{TestAccounts.Prefix}/support/accounts/{first.UserId}/verification-link", new { reason = Reason }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "already-confirmed");
    }

    [Fact]
    public async Task Members_are_refused_support_and_bad_requests_answer_a_problem_and_record_nothing()
    {
        var (agent, support) = await SupportAgentAsync();
        var member = await _accounts.CreateVerifiedAsync();
        var memberClient = _accounts.Authorized(member);
        var path = $"{TestAccounts.Prefix}/support/accounts";

        Assert.Equal(HttpStatusCode.Forbidden, (await memberClient.PostAsJsonAsync($"{path}/look-ups", new { userId = agent.Id, reason = Reason })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberClient.PostAsJsonAsync($"{path}/{agent.Id}/lockout/lifting", new { reason = Reason })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _accounts.Anonymous.PostAsJsonAsync($"{path}/look-ups", new { userId = member.Id, reason = Reason })).StatusCode);
        await (await support.PostAsJsonAsync($"{path}/look-ups", new { userId = member.Id, reason = "why not" })).AssertValidationProblemAsync("reason");
        await (await support.PostAsJsonAsync($"{path}/look-ups", new { userId = member.Id, email = member.Email, reason = Reason })).AssertValidationProblemAsync("email");
        await (await support.PostAsJsonAsync($"{path}/look-ups", new { email = "not an address", reason = Reason })).AssertValidationProblemAsync("email");
        await (await support.PostAsJsonAsync($"{path}/look-ups", new { userId = Guid.CreateVersion7(), reason = Reason })).AssertProblemAsync(HttpStatusCode.NotFound, "account-not-found");
        await (await support.PostAsJsonAsync($"{path}/look-ups", new { userId = agent.Id, reason = Reason })).AssertProblemAsync(HttpStatusCode.Forbidden, "own-account");
        await (await support.PostAsJsonAsync($"{path}/{agent.Id}/lockout/lifting", new { reason = Reason })).AssertProblemAsync(HttpStatusCode.Forbidden, "own-account");

        // Then one look-up that is allowed: once it is announced, it is the only record of this agent.
        Assert.Equal(HttpStatusCode.OK, (await support.PostAsJsonAsync($"{path}/look-ups", new { userId = member.Id, reason = "Ticket 4712: a real one" })).StatusCode);
        await app.Probe.Received.WaitForAsync<SupportActionTaken>(e => e.StaffId == agent.Id);
        Assert.Equal(["Ticket 4712: a real one"], app.Probe.Received.All<SupportActionTaken>(e => e.StaffId == agent.Id || e.StaffId == member.Id).Select(e => e.Reason));
    }
}
