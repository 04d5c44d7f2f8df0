using Microsoft.AspNetCore.Http.HttpResults;
using SkillSwap.DocumentStore;
using SkillSwap.Sessions.Model;

namespace SkillSwap.Sessions;

/// <summary>The endpoints' side of <see cref="SessionRunner.RunAsync"/>: the changed session as the caller sees it, or the problem.</summary>
public sealed class SessionCommands(SessionRunner runner, IDocumentSession db)
{
    public async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> ChangeAsync(
        Guid sessionId,
        Guid callerId,
        Func<SessionChange, CancellationToken, Task> change,
        CancellationToken cancellationToken,
        bool participantsOnly = true) =>
        await runner.RunAsync(sessionId, callerId, change, cancellationToken, participantsOnly) switch
        {
            SessionOutcome.Changed changed => TypedResults.Ok(await db.ToResponseAsync(changed.Session, changed.CallerId, cancellationToken)),
            SessionOutcome.Refused refused => SessionProblems.From(refused.Rule),
            _ => SessionProblems.Busy(),
        };
}
