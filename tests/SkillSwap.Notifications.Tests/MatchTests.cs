using SkillSwap.IntegrationEvents;

namespace SkillSwap.Notifications.Tests;

[Collection(NotificationsCollection.Name)]
public sealed class MatchTests(NotificationsApp app)
{
    [Fact]
    public async Task A_new_match_is_told_once_per_person_and_at_most_once_a_day()
    {
        var learner = await app.RegisterAsync("Hugo", "fr");
        var ana = await app.RegisterAsync("Ana", "en");
        var ben = await app.RegisterAsync("Ben", "en");
        await app.PublishAsync(new MatchFound(learner, ana, "Portugais", 0.8));
        var told = (await app.WaitForInboxAsync(learner, 1)).Items.Single();
        Assert.Equal(("match.new", "Nouveau match", "Ana peut vous apprendre Portugais et aimerait apprendre ce que vous proposez."), (told.Type, told.Title, told.Body));
        Assert.Equal(ana.ToString(), told.Data["userId"]);

        // Another match the same day, and the same one again, tell nothing.
        var sameDay = new MatchFound(learner, ben, "Portugais", 0.9);
        var again = new MatchFound(learner, ana, "Portugais", 0.8);
        await app.PublishAsync(sameDay);
        await app.PublishAsync(again);
        await app.WaitUntilHandledAsync(sameDay);
        await app.WaitUntilHandledAsync(again);
        Assert.Single((await app.InboxAsync(learner)).Items);

        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var repeated = new MatchFound(learner, ana, "Portugais", 0.8);
        await app.PublishAsync(repeated);
        await app.WaitUntilHandledAsync(repeated);
        Assert.Single((await app.InboxAsync(learner)).Items);
        await app.PublishAsync(new MatchFound(learner, ben, "Portugais", 0.9));
        Assert.Contains((await app.WaitForInboxAsync(learner, 2)).Items, item => item.Body.StartsWith("Ben peut vous apprendre", StringComparison.Ordinal));
    }
}
