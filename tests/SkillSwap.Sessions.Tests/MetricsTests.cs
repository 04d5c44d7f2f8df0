using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Tests.Infrastructure;

namespace SkillSwap.Sessions.Tests;

/// <summary>The business counters operators watch: sessions asked for, booked (confirmed), and Payments' answers.</summary>
[Collection(SessionsCollection.Name)]
public sealed class MetricsTests(SessionsApp app)
{
    [Fact]
    public async Task Requests_bookings_and_payment_answers_are_counted()
    {
        var counted = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == SessionsMetrics.MeterName)
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tag = tags.Length > 0 ? $"{tags[0].Key}={tags[0].Value}" : "";
            counted.AddOrUpdate($"{instrument.Name}|{tag}", value, (_, total) => total + value);
        });
        listener.Start();
        var bookings = new Bookings(app);

        await bookings.ConfirmedAsync(Guid.CreateVersion7(), Guid.CreateVersion7(), bookings.Slot(TimeSpan.FromDays(19)));

        Assert.Equal(1, counted.GetValueOrDefault("skillswap.sessions.requested|"));
        Assert.Equal(1, counted.GetValueOrDefault("skillswap.sessions.payment_answers|outcome=held"));
        Assert.Equal(1, counted.GetValueOrDefault("skillswap.sessions.transitions|status=requested"));
        Assert.Equal(1, counted.GetValueOrDefault("skillswap.sessions.transitions|status=confirmed"));
    }
}
