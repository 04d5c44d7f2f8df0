namespace SkillSwap.Identity.Infrastructure;

/// <summary>Identity's requests are a few hundred bytes; anything far larger is refused before it is read.</summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 16 * 1024;

    public static WebApplication UseIdentityRequestBodyLimit(this WebApplication app) =>
        app.UseRequestBodyLimit(MaxBytes, IdentityProblems.TypeOf("payload-too-large"));
}
