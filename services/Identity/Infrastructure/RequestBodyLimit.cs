namespace SkillSwap.Identity.Infrastructure;

/// <summary>
/// Identity's requests are a few hundred bytes; anything far larger is refused before it is read, so oversize
/// bodies cost nothing and fail the same way on every server (Kestrel or the in-memory test server).
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 16 * 1024;

    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBytes;
            }
            if (context.Request.ContentLength > MaxBytes)
            {
                await IdentityProblems.Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Request body too large",
                    $"Requests to Identity are at most {MaxBytes} bytes.").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }
}
