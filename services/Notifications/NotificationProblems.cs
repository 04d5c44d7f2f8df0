namespace SkillSwap.Notifications;

/// <summary>A rule the caller broke, answered as problem+json with a stable type.</summary>
public sealed class NotificationRuleException(int statusCode, string slug, string message) : Exception(message)
{
    public const string TypePrefix = "https://skillswap.app/problems/notifications/";

    public int StatusCode { get; } = statusCode;

    public string Slug { get; } = slug;

    public static NotificationRuleException Invalid(string detail) => new(400, "validation", detail);

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (NotificationRuleException rule)
        {
            return TypedResults.Problem(detail: rule.Message, statusCode: rule.StatusCode, title: rule.Slug.Replace('-', ' '), type: TypePrefix + rule.Slug);
        }
    }

    public static Guid Me(System.Security.Claims.ClaimsPrincipal user) =>
        user.UserId() is { } id && id != Guid.Empty ? id : throw new NotificationRuleException(401, "unauthenticated", "The access token names no SkillSwap user.");
}
