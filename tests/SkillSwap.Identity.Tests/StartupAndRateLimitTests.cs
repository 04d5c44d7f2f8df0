using System.Net;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

/// <summary>Suites needing settings of their own run their own Identity (own database, own queues).</summary>
public sealed class StartupAndRateLimitTests
{
    [Fact]
    public async Task One_client_address_is_throttled_on_the_credential_endpoints()
    {
        IAsyncLifetime app = new IdentityApp(new() { ["Login:PerIpPermitLimit"] = "3", ["Login:PerIpWindow"] = "00:01:00" });
        try
        {
            await app.InitializeAsync();
            await AssertThrottledAsync(new TestAccounts((IdentityApp)app));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task AssertThrottledAsync(TestAccounts accounts)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await (await accounts.LoginAsync(TestAccounts.NewEmail(), "wrong password 123")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        var throttled = await accounts.LoginAsync(TestAccounts.NewEmail(), "wrong password 123");

        await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(throttled.Headers.RetryAfter);
        // Endpoints without credentials are not throttled.
        Assert.Equal(HttpStatusCode.OK, (await accounts.Anonymous.GetAsync("/.well-known/jwks.json")).StatusCode);
    }

    [Theory]
    [InlineData("Passwords:WorkFactor", "11", "WorkFactor")]
    [InlineData("LegalDocuments:TermsOfServiceVersion", "", "TermsOfServiceVersion")]
    [InlineData("Erasure:Participants:1", "PROFILES", "Participants")]
    [InlineData("SigningKeys:PrePublication", "40.00:00:00", "PrePublication")]
    public async Task Invalid_settings_stop_the_service_at_start_up(string key, string value, string named)
    {
        IAsyncLifetime app = new IdentityApp(new() { [key] = value });
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(app.InitializeAsync);
            Assert.Contains(named, failure.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
