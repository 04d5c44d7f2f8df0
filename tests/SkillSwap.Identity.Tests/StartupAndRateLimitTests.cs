using System.Net;
using Microsoft.EntityFrameworkCore;
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
        accounts.Anonymous.DefaultRequestHeaders.Add(IdentityApp.ClientAddressHeader, "203.0.113.7");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await (await accounts.LoginAsync(TestAccounts.NewEmail(), "wrong password 123")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        var throttled = await accounts.LoginAsync(TestAccounts.NewEmail(), "wrong password 123");

        await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(throttled.Headers.RetryAfter);
        // Endpoints without credentials are not throttled.
        Assert.Equal(HttpStatusCode.OK, (await accounts.Anonymous.GetAsync("/.well-known/jwks.json")).StatusCode);
        // The budget is this client's: another address still has its own.
        accounts.Anonymous.DefaultRequestHeaders.Remove(IdentityApp.ClientAddressHeader);
        accounts.Anonymous.DefaultRequestHeaders.Add(IdentityApp.ClientAddressHeader, "198.51.100.20");
        await (await accounts.LoginAsync(TestAccounts.NewEmail(), "wrong password 123")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Production_does_not_start_without_the_certificate_that_protects_the_key_ring()
    {
        IAsyncLifetime app = new IdentityApp(new() { ["environment"] = "Production" });
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(app.InitializeAsync);
            Assert.Contains("KeyRing:Certificate is required in Production", failure.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_the_certificate_the_key_ring_in_the_database_is_encrypted_and_tokens_are_still_signed()
    {
        IAsyncLifetime app = new IdentityApp(new()
        {
            ["KeyRing:Certificate"] = KeyRingCertificates.NewBase64Pkcs12("ring password"),
            ["KeyRing:CertificatePassword"] = "ring password",
        });
        try
        {
            await app.InitializeAsync();
            var identity = (IdentityApp)app;
            var account = await new TestAccounts(identity).CreateVerifiedAsync();

            var ring = await identity.QueryAsync(db => db.DataProtectionKeys.Select(key => key.Xml).ToListAsync());
            Assert.NotEmpty(ring);
            // A copy of the database alone holds no usable master key: only its encryption under the certificate.
            Assert.All(ring, xml =>
            {
                Assert.Contains("<encryptedSecret", xml!, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml!, StringComparison.Ordinal);
            });
            Assert.False(string.IsNullOrEmpty(account.Tokens.AccessToken));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>Issue 14, finding 11: the API's full description is a map for an attacker; Production keeps it to itself.</summary>
    [Fact]
    public async Task Production_serves_neither_the_openapi_document_nor_scalar()
    {
        IAsyncLifetime production = new IdentityApp(new()
        {
            ["environment"] = "Production",
            ["KeyRing:Certificate"] = KeyRingCertificates.NewBase64Pkcs12("ring password"),
            ["KeyRing:CertificatePassword"] = "ring password",
        });
        try
        {
            await production.InitializeAsync();
            using var client = ((IdentityApp)production).CreateClient();

            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/openapi/v1.json")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scalar")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/.well-known/jwks.json")).StatusCode);
        }
        finally
        {
            await production.DisposeAsync();
        }
    }

    [Fact]
    public async Task Outside_production_the_openapi_document_is_served()
    {
        IAsyncLifetime app = new IdentityApp(new());
        try
        {
            await app.InitializeAsync();
            using var client = ((IdentityApp)app).CreateClient();

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }
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
