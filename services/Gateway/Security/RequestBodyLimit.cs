using Microsoft.Extensions.Options;

namespace SkillSwap.Gateway.Security;

public static class RequestBodyLimit
{
    /// <summary>Nothing larger than Gateway:Limits:MaxRequestBodyBytes is proxied.</summary>
    public static WebApplication UseGatewayRequestBodyLimit(this WebApplication app) =>
        app.UseRequestBodyLimit(
            app.Services.GetRequiredService<IOptions<GatewayLimitsOptions>>().Value.MaxRequestBodyBytes,
            "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14");
}
