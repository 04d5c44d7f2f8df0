using SkillSwap.DocumentStore;

namespace SkillSwap.Chat.SignIns;

/// <summary>
/// The person's sign-ins that Identity ended while their access tokens could still be valid (logout, a replayed refresh
/// token, a password reset): a token of one of them opens no connection and reads nothing here. Each is remembered for
/// <see cref="ChatOptions.EndedSignInMemory"/>, longer than any access token lives.
/// </summary>
public sealed class EndedSignInsDocument : IDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid UserId { get; set; }
    public List<EndedSignIn> SignIns { get; set; } = [];

    public static string IdFor(Guid userId) => userId.ToString("N");

    public static EndedSignInsDocument New(Guid userId) => new() { Id = IdFor(userId), UserId = userId };

    public bool Contains(Guid signInId) => SignIns.Exists(signIn => signIn.SignInId == signInId);

    /// <summary>Adds the ended sign-ins and forgets those ended before <paramref name="forgetBefore"/>.</summary>
    public void Add(IEnumerable<Guid> signInIds, DateTimeOffset endedAt, DateTimeOffset forgetBefore)
    {
        SignIns.RemoveAll(signIn => signIn.EndedAt < forgetBefore);
        foreach (var signInId in signInIds.Where(id => !Contains(id)))
        {
            SignIns.Add(new EndedSignIn { SignInId = signInId, EndedAt = endedAt });
        }
    }
}

public sealed class EndedSignIn
{
    public Guid SignInId { get; set; }
    public DateTimeOffset EndedAt { get; set; }
}
