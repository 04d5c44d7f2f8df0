using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace SkillSwap.EventBus.Connection;

internal static class ChannelClosing
{
    /// <summary>
    /// Disposes a channel that may already be broken (that is usually why it is being replaced): a failure here
    /// says nothing new, so it is logged at debug level and never thrown.
    /// </summary>
    public static async Task CloseQuietlyAsync(this IChannel? channel, ILogger logger, string owner)
    {
        if (channel is null)
        {
            return;
        }
        try
        {
            await channel.DisposeAsync();
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Closing the {Owner} channel failed", owner);
        }
    }
}
