using RabbitMQ.Client;

namespace SkillSwap.Testing;

public static class BrokerQueues
{
    /// <summary>
    /// Events published before a service's queue is bound are unroutable by design (pub/sub), so tests wait until
    /// the consumer is attached to <paramref name="queue"/> before causing events.
    /// </summary>
    public static async Task WaitForConsumerAsync(string brokerConnectionString, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(brokerConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await Eventually.WaitUntilAsync(
            async () =>
            {
                // A failed passive declare closes the channel, so each look uses a new one.
                await using var channel = await connection.CreateChannelAsync();
                try
                {
                    return (await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount > 0;
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(30),
            $"no consumer on {queue}");
    }
}
