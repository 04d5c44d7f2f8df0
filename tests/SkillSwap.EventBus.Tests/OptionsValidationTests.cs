using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace SkillSwap.EventBus.Tests;

public sealed class OptionsValidationTests
{
    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_up()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["ConnectionStrings:eventbus"] = "amqp://guest:guest@127.0.0.1:1/";
        builder.AddRabbitMqEventBus("eventbus", "identity", options =>
        {
            options.PrefetchCount = 0;
            options.MaxAttempts = 0;
            options.RetryDelays = [TimeSpan.Zero];
            options.ExchangeName = "has spaces";
        });
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(failure.Failures, f => f.Contains("PrefetchCount"));
        Assert.Contains(failure.Failures, f => f.Contains("MaxAttempts"));
        Assert.Contains(failure.Failures, f => f.Contains("RetryDelays"));
        Assert.Contains(failure.Failures, f => f.Contains("ExchangeName"));
    }
}
