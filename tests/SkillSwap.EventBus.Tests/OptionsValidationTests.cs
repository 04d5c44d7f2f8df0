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

    [Fact]
    public async Task The_inbox_must_remember_handled_events_longer_than_a_message_can_be_retried()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration["ConnectionStrings:eventbus"] = "amqp://guest:guest@127.0.0.1:1/";
        builder.AddRabbitMqEventBus("eventbus", "identity", options =>
        {
            options.RetryDelays = [TimeSpan.FromHours(12)];
            options.MaxAttempts = 30; // 29 retries half a day apart: two weeks and a half
            options.HandledEventRetention = TimeSpan.FromDays(14);
            options.RetentionSweepInterval = TimeSpan.FromDays(60);
        });
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(failure.Failures, f => f.Contains("HandledEventRetention") && f.Contains("14.12:00:00"));
        Assert.Contains(failure.Failures, f => f.Contains("RetentionSweepInterval"));
    }
}
