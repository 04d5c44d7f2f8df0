using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Microsoft.Extensions.Hosting;

public static class RequestBodyLimitDefaults
{
    /// <summary>
    /// Caps every request body at <paramref name="maxBytes"/>: a declared oversize body is refused before it is read,
    /// as problem+json 413 of type <paramref name="problemType"/>, and a chunked one is cut off by the server while
    /// it streams. The same answer on Kestrel and on the in-memory test server.
    /// </summary>
    public static WebApplication UseRequestBodyLimit(this WebApplication app, long maxBytes, string problemType)
    {
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = maxBytes;
            }
            if (context.Request.ContentLength > maxBytes)
            {
                await TypedResults.Problem(
                        statusCode: StatusCodes.Status413PayloadTooLarge,
                        title: "Request body too large",
                        detail: $"Request bodies are limited to {maxBytes} bytes.",
                        type: problemType)
                    .ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }
}
