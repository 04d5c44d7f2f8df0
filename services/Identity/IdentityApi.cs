using SkillSwap.Identity.Accounts;
using SkillSwap.Identity.Consents;
using SkillSwap.Identity.DataExport;
using SkillSwap.Identity.EmailVerification;
using SkillSwap.Identity.Erasure;
using SkillSwap.Identity.Keys;
using SkillSwap.Identity.Login;
using SkillSwap.Identity.PasswordReset;
using SkillSwap.Identity.SignUp;
using SkillSwap.Identity.Support;
using SkillSwap.Identity.Tokens;

namespace SkillSwap.Identity;

public static class IdentityApi
{
    public const string RoutePrefix = "/api/v1/identity";

    public static WebApplication MapIdentityApi(this WebApplication app)
    {
        app.MapWellKnownApi();

        var identity = app.MapGroup(RoutePrefix).WithTags("Identity");
        identity.MapSignUpApi();
        identity.MapEmailVerificationApi();
        identity.MapPasswordResetApi();
        identity.MapLoginApi();
        identity.MapTokensApi();
        identity.MapAccountsApi();
        identity.MapSupportApi();
        identity.MapConsentsApi();
        identity.MapErasureApi();
        identity.MapDataExportApi();
        identity.MapKeysApi();
        return app;
    }
}
