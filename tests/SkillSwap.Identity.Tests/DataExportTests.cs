using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SkillSwap.Identity.Tests.Infrastructure;

namespace SkillSwap.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class DataExportTests(IdentityApp app)
{
    private readonly TestAccounts _accounts = new(app);

    [Fact]
    public async Task The_export_holds_everything_about_the_user_and_no_secret()
    {
        var account = await _accounts.CreateVerifiedAsync(marketingConsent: true);
        var client = _accounts.Authorized(account);
        await client.PutAsJsonAsync($"{TestAccounts.Prefix}/me/consents/marketing", new { granted = false });
        await _accounts.LoginAsync(account.Email, "wrong password 123");

        var response = await client.GetAsync($"{TestAccounts.Prefix}/me/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var json = await response.Content.ReadAsStringAsync();
        var export = JsonSerializer.Deserialize<JsonElement>(json);
        var exported = export.GetProperty("account");
        Assert.Equal(account.Id.ToString(), exported.GetProperty("id").GetString());
        Assert.Equal(account.Email, exported.GetProperty("email").GetString());
        Assert.Equal("Ana Martin", exported.GetProperty("displayName").GetString());
        var consents = export.GetProperty("consents").EnumerateArray().Select(c => $"{c.GetProperty("kind")}:{c.GetProperty("granted")}").ToList();
        // The three sign-up consents share one timestamp; only the withdrawal is certainly last.
        Assert.Equal(["marketing:False", "marketing:True", "privacyPolicy:True", "termsOfService:True"], consents.Order());
        Assert.Equal("marketing:False", consents[^1]);
        Assert.Single(export.GetProperty("sessions").EnumerateArray());
        Assert.Equal("emailVerification", Assert.Single(export.GetProperty("mailedLinks").EnumerateArray()).GetProperty("purpose").GetString());
        Assert.Equal(1, export.GetProperty("failedSignIns").GetProperty("failureCount").GetInt32());

        var passwordHash = await app.QueryAsync(db => db.Users.Where(u => u.Id == account.Id).Select(u => u.PasswordHash).SingleAsync());
        Assert.DoesNotContain(passwordHash, json, StringComparison.Ordinal);
        Assert.DoesNotContain(account.Tokens.RefreshToken, json, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", json, StringComparison.OrdinalIgnoreCase);
    }
}
