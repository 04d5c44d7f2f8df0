using System.Net;
using System.Net.Http.Json;
using System.Text;
using SkillSwap.Identity.Tests.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Identity.Tests;

/// <summary>Bad input never yields a 500 and never changes state; every refusal is problem+json.</summary>
[Collection(IdentityCollection.Name)]
public sealed class BadInputTests(IdentityApp app)
{
    private readonly TestAccounts _accounts = new(app);

    public static TheoryData<string> PublicJsonEndpoints =>
    [
        "/accounts",
        "/email-verification",
        "/email-verification/resend",
        "/password-reset",
        "/password-reset/confirm",
        "/tokens",
        "/tokens/refresh",
        "/tokens/revoke",
    ];

    [Theory]
    [MemberData(nameof(PublicJsonEndpoints))]
    public async Task Malformed_json_is_a_400_problem_and_changes_nothing(string path)
    {
        var before = await DatabaseFingerprint.TakeAsync(app);

        foreach (var body in new[] { "{\"email\": ", "not json at all", "[1,2,3]", "null", "" })
        {
            var response = await PostRawAsync(path, body);
            await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    [Theory]
    [MemberData(nameof(PublicJsonEndpoints))]
    public async Task Oversize_bodies_are_refused_before_being_read(string path)
    {
        var before = await DatabaseFingerprint.TakeAsync(app);
        var huge = JsonContent.Create(new { email = TestAccounts.NewEmail(), password = new string('x', 200_000) });

        var response = await _accounts.Anonymous.PostAsync(TestAccounts.Prefix + path, huge);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_as_unsupported()
    {
        var response = await _accounts.Anonymous.PostAsync($"{TestAccounts.Prefix}/tokens",
            new StringContent("email=a@b.c&password=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("""{"email": 42, "password": "correct horse battery"}""")]
    [InlineData("""{"email": ["a@b.c"], "password": "correct horse battery"}""")]
    [InlineData("""{"email": "a@b.c", "password": {"$ne": null}}""")]
    public async Task Wrongly_typed_fields_are_a_400_problem(string body)
    {
        var before = await DatabaseFingerprint.TakeAsync(app);
        await (await PostRawAsync("/tokens", body)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    [Fact]
    public async Task A_wrongly_typed_consent_flag_is_a_400_problem()
    {
        var body = """
            {"email": "typed@skillswap.test", "password": "correct horse battery", "displayName": "Ana", "locale": "en",
             "acceptedTermsOfServiceVersion": "2025-11-01", "acceptedPrivacyPolicyVersion": "2025-11-01", "marketingConsent": "yes"}
            """;
        var before = await DatabaseFingerprint.TakeAsync(app);
        await (await PostRawAsync("/accounts", body)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    [Fact]
    public async Task Missing_fields_are_listed_in_the_validation_problem()
    {
        var before = await DatabaseFingerprint.TakeAsync(app);

        await (await PostRawAsync("/accounts", "{}")).AssertValidationProblemAsync(
            "email", "password", "displayName", "locale", "acceptedTermsOfServiceVersion", "acceptedPrivacyPolicyVersion");
        await (await PostRawAsync("/tokens", "{}")).AssertValidationProblemAsync("email", "password");
        await (await PostRawAsync("/password-reset/confirm", "{}")).AssertValidationProblemAsync("token", "newPassword");
        await (await PostRawAsync("/email-verification", "{}")).AssertValidationProblemAsync("token");

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    [Theory]
    [InlineData("' OR '1'='1")]
    [InlineData("ana@skillswap.test'; DROP TABLE users; --")]
    [InlineData("<script>alert(1)</script>@skillswap.test")]
    [InlineData("ana@skillswap.test\r\nBcc: everyone@skillswap.test")]
    public async Task Injection_strings_as_email_are_refused_by_validation_and_change_nothing(string email)
    {
        var before = await DatabaseFingerprint.TakeAsync(app);

        await (await _accounts.SignUpAsync(TestAccounts.SignUpBody(email))).AssertValidationProblemAsync("email");
        await (await _accounts.LoginAsync(email)).AssertValidationProblemAsync("email");
        var reset = await _accounts.Anonymous.PostAsJsonAsync($"{TestAccounts.Prefix}/password-reset", new { email });
        await reset.AssertValidationProblemAsync("email");

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Robert'); DROP TABLE users;--")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("Ana\u0000Martin")]
    [InlineData("  ")]
    public async Task Markup_and_sql_in_display_names_are_refused_and_change_nothing(string displayName)
    {
        var before = await DatabaseFingerprint.TakeAsync(app);

        await (await _accounts.SignUpAsync(TestAccounts.SignUpBody(TestAccounts.NewEmail(), displayName: displayName))).AssertValidationProblemAsync("displayName");

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    [Fact]
    public async Task Unknown_routes_and_malformed_ids_are_404_problems()
    {
        var admin = await AdminAccount.GetAsync(app, _accounts);
        await (await _accounts.Anonymous.GetAsync($"{TestAccounts.Prefix}/does-not-exist")).AssertProblemAsync(HttpStatusCode.NotFound);
        var malformedId = await _accounts.Authorized(admin).PutAsJsonAsync($"{TestAccounts.Prefix}/users/not-a-guid/role", new { role = "admin" });
        await malformedId.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Overlong_strings_are_refused_without_reaching_the_database()
    {
        var before = await DatabaseFingerprint.TakeAsync(app);
        var longEmail = new string('a', 250) + "@skillswap.test";

        await (await _accounts.SignUpAsync(TestAccounts.SignUpBody(longEmail))).AssertValidationProblemAsync("email");
        await (await _accounts.SignUpAsync(TestAccounts.SignUpBody(TestAccounts.NewEmail(), displayName: new string('a', 51)))).AssertValidationProblemAsync("displayName");
        await (await _accounts.RefreshAsync(new string('r', 5000))).AssertValidationProblemAsync("refreshToken");
        await (await _accounts.ConfirmEmailAsync(new string('t', 5000))).AssertValidationProblemAsync("token");

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(app));
    }

    private Task<HttpResponseMessage> PostRawAsync(string path, string body) =>
        _accounts.Anonymous.PostAsync(TestAccounts.Prefix + path, new StringContent(body, Encoding.UTF8, "application/json"));
}
