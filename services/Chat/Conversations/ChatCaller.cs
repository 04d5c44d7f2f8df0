using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SkillSwap.Chat.Conversations;

/// <summary>Who calls (from the access token only) and how a broken rule is answered over HTTP.</summary>
public static class ChatCaller
{
    public const string ProblemTypePrefix = "https://skillswap.app/problems/chat/";

    public static Guid Me(ClaimsPrincipal user) =>
        user.UserId() ?? throw new ChatRuleException(401, "unauthenticated", "The access token names no SkillSwap user.");

    public static ProblemHttpResult Problem(ChatRuleException rule) =>
        TypedResults.Problem(detail: rule.Message, statusCode: rule.StatusCode, title: rule.Slug.Replace('-', ' '), type: ProblemTypePrefix + rule.Slug);

    public static async ValueTask<object?> ProblemFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ChatRuleException rule)
        {
            return Problem(rule);
        }
    }
}
