using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace SkillSwap.EndToEnd.Tests;

/// <summary>
/// What a hostile or buggy client sends through the gateway: every answer is a problem+json 4xx, never a 500,
/// and no account appears in Identity's database.
/// </summary>
[Collection(SkillSwapAppCollection.Name)]
public sealed class BadInputTests(SkillSwapApp app)
{
    public static TheoryData<string, string> MalformedSignUps => new()
    {
        { "malformed JSON", """{"email": "a@b.org", "password": """ },
        { "not an object", """["a@b.org"]""" },
        { "missing fields", """{"email": "missing@example.org"}""" },
        { "wrongly typed fields", """{"email": 42, "password": true, "displayName": [], "locale": {}, "marketingConsent": "yes"}""" },
        { "SQL injection", """{"email": "x'; DROP TABLE users; --@example.org", "password": "correct horse battery staple", "displayName": "Robert'); DROP TABLE users;--", "locale": "en", "acceptedTermsOfServiceVersion": "2025-11-01", "acceptedPrivacyPolicyVersion": "2025-11-01"}""" },
        { "HTML injection", """{"email": "<script>alert(1)</script>@example.org", "password": "correct horse battery staple", "displayName": "<img src=x onerror=alert(1)>", "locale": "en", "acceptedTermsOfServiceVersion": "2025-11-01", "acceptedPrivacyPolicyVersion": "2025-11-01"}""" },
        { "no consent", """{"email": "noconsent@example.org", "password": "correct horse battery staple", "displayName": "No Consent", "locale": "en"}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedSignUps))]
    public async Task Bad_sign_ups_are_problem_json_400s_and_create_nothing(string _, string body)
    {
        var usersBefore = await CountUsersAsync();

        var response = await app.Gateway.PostAsync("/api/v1/identity/accounts", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(usersBefore, await CountUsersAsync());
    }

    [Fact]
    public async Task Validation_problems_name_the_offending_fields()
    {
        var response = await app.Gateway.PostAsJsonAsync("/api/v1/identity/accounts", new { email = "not-an-email", password = "short" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).ToList();
        Assert.Contains("email", fields);
        Assert.Contains("password", fields);
    }

    [Fact]
    public async Task Oversize_bodies_are_refused_by_the_gateway()
    {
        var usersBefore = await CountUsersAsync();
        var huge = JsonSerializer.Serialize(new { email = "big@example.org", displayName = new string('a', 2 * 1024 * 1024) });

        var response = await app.Gateway.PostAsync("/api/v1/identity/accounts", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(usersBefore, await CountUsersAsync());
    }

    [Theory]
    [InlineData("/api/v1/nowhere")]
    [InlineData("/api/v1/identity/no-such-endpoint")]
    [InlineData("/api/v1/profiles/me/../../../etc/passwd")]
    public async Task Unknown_routes_are_problem_json_404s(string path)
    {
        var response = await app.Gateway.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, string> ForgedTokens => new()
    {
        { "/api/v1/identity/me", Forge(expires: DateTime.UtcNow.AddMinutes(5)) },
        { "/api/v1/identity/me", Forge(expires: DateTime.UtcNow.AddMinutes(-5)) },
        { "/api/v1/profiles/me", Forge(expires: DateTime.UtcNow.AddMinutes(5)) },
        { "/api/v1/profiles/me", Forge(expires: DateTime.UtcNow.AddMinutes(-5)) },
        { "/api/v1/profiles/me", "not.a.jwt" },
        { "/api/v1/identity/me", "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIiwiaXNzIjoic2tpbGxzd2FwLWlkZW50aXR5IiwiYXVkIjoic2tpbGxzd2FwIn0." },
    };

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Forged_expired_and_unsigned_tokens_are_refused_by_every_service(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await app.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A well-formed ES256 token with the right issuer and audience, signed by a key Identity never published.</summary>
    private static string Forge(DateTime expires)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var handler = new JwtSecurityTokenHandler();
        return handler.WriteToken(handler.CreateJwtSecurityToken(new SecurityTokenDescriptor
        {
            Issuer = "skillswap-identity",
            Audience = "skillswap",
            Subject = new System.Security.Claims.ClaimsIdentity([new("sub", Guid.NewGuid().ToString()), new("role", "admin")]),
            NotBefore = expires.AddMinutes(-20),
            IssuedAt = expires.AddMinutes(-20),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = "forged" }, SecurityAlgorithms.EcdsaSha256),
        }));
    }

    private async Task<long> CountUsersAsync()
    {
        await using var connection = new NpgsqlConnection(await app.ConnectionStringAsync("identitydb"));
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM users", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
