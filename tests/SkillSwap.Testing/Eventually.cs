namespace SkillSwap.Testing;

/// <summary>Polling for outcomes that arrive asynchronously (events, consumers, relays), shared by every suite.</summary>
public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(condition, timeout, () => what);

    /// <summary>
    /// Polls until <paramref name="condition"/> holds; fails after <paramref name="timeout"/> with the message
    /// <paramref name="what"/> builds. The message is built only on failure, so it can describe the state at the deadline
    /// (e.g. what a handler log holds by then) rather than at the start.
    /// </summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached within {timeout}: {what()}");
            }
            await Task.Delay(100);
        }
    }
}
