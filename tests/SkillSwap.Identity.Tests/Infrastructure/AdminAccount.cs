using Microsoft.EntityFrameworkCore;

namespace SkillSwap.Identity.Tests.Infrastructure;

/// <summary>The configured bootstrap admin, created on first use and shared by the suites of one application.</summary>
public static class AdminAccount
{
    private static readonly SemaphoreSlim Creating = new(1, 1);

    public static async Task<TestAccount> GetAsync(IdentityApp app, TestAccounts accounts)
    {
        await Creating.WaitAsync();
        try
        {
            var exists = await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == IdentityApp.AdminEmail));
            if (!exists)
            {
                return await accounts.CreateVerifiedAsync(IdentityApp.AdminEmail);
            }
            var id = await app.QueryAsync(db => db.Users.Where(u => u.Email == IdentityApp.AdminEmail).Select(u => u.Id).SingleAsync());
            return new TestAccount(id, IdentityApp.AdminEmail, TestAccounts.Password, await accounts.LoginOkAsync(IdentityApp.AdminEmail));
        }
        finally
        {
            Creating.Release();
        }
    }
}
