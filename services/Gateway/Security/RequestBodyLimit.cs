using Microsoft.Extensions.Options;

namespace SkillSwap.Gateway.Security;

public static class RequestBodyLimit
{
    /// <summary>
    /// Rejects a declared oversize body before anything is proxied, as problem+json 413. Bodies without a
    /// Content-Length (chunked) are still cut off by Kestrel's own limit while they stream.
    /// </summary>
    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        var limit = app.Services.GetRequiredService<IOptions<GatewayLimitsOptions>>().Value.MaxRequestBodyBytes;
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > limit)
            {
                await TypedResults.Problem(
                        statusCode: StatusCodes.Status413PayloadTooLarge,
                        title: "Request body too large",
                        detail: $"Request bodies are limited to {limit} bytes.")
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }
}
