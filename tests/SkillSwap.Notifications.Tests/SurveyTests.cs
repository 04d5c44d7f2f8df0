using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SkillSwap.IntegrationEvents;
using SkillSwap.Notifications.Surveys;
using SkillSwap.Testing;

namespace SkillSwap.Notifications.Tests;

[Collection(NotificationsCollection.Name)]
public sealed class SurveyTests(NotificationsApp app)
{
    [Fact]
    public async Task The_nps_question_comes_after_a_completed_session_at_most_once_a_quarter_and_answers_count()
    {
        var teacher = await app.RegisterAsync("Paula", "fr");
        var learner = await app.RegisterAsync("Quentin", "en");
        var completed = new SessionCompleted(Guid.CreateVersion7(), teacher, [learner], "Yoga", app.Clock.GetUtcNow());
        await app.PublishAsync(completed);
        var asked = (await app.WaitForInboxAsync(learner, 1)).Items.Single(item => item.Type == "survey.nps");
        Assert.Equal("How likely are you to recommend SkillSwap?", asked.Title);
        Assert.Equal("Recommanderiez-vous SkillSwap ?", (await app.WaitForInboxAsync(teacher, 1)).Items.Single().Title);
        var survey = asked.Data["surveyId"];

        // A second session the same quarter asks nothing more.
        var again = new SessionCompleted(Guid.CreateVersion7(), teacher, [learner], "Yoga", app.Clock.GetUtcNow());
        await app.PublishAsync(again);
        await app.WaitUntilHandledAsync(again);
        Assert.Single((await app.InboxAsync(learner)).Items);

        using var http = app.ClientFor(learner);
        using var teacherHttp = app.ClientFor(teacher);
        foreach (var bad in new object[] { new { score = 11 }, new { score = -1 }, new { }, new { score = 7, comment = new string('x', 1001) }, new { score = 7, comment = "a\u0000b" } })
        {
            await (await http.PostAsJsonAsync($"/api/v1/notifications/surveys/{survey}/answer", bad)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        }
        await (await teacherHttp.PostAsJsonAsync($"/api/v1/notifications/surveys/{survey}/answer", new { score = 0 })).AssertProblemAsync(HttpStatusCode.NotFound, "survey-not-found");
        Assert.DoesNotContain(await app.DocumentsAsync<SurveyResponseDocument>(), response => response.SurveyId.ToString() == survey);

        var answered = await http.PostAsJsonAsync($"/api/v1/notifications/surveys/{survey}/answer", new { score = 9, comment = "Great teachers" });
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        await (await http.PostAsJsonAsync($"/api/v1/notifications/surveys/{survey}/answer", new { score = 2 })).AssertProblemAsync(HttpStatusCode.Conflict, "survey-answered");
        var stored = Assert.Single(await app.DocumentsAsync<SurveyResponseDocument>(), response => response.SurveyId.ToString() == survey);
        Assert.Equal((9, "Great teachers", learner), (stored.Score, stored.Comment, stored.UserId!.Value));
        // The score alone goes to the KPIs: neither the comment nor who answered.
        var measured = await app.Probe.WaitForAsync<NpsAnswered>(e => e.SurveyId.ToString() == survey);
        Assert.Equal(9, measured.Score);
        Assert.InRange(measured.OccurredAt - stored.AnsweredAt, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));

        // The KPI is for staff only.
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/notifications/surveys/nps")).StatusCode);
        using var staff = app.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor(Guid.CreateVersion7(), "admin"));
        var report = await staff.GetFromJsonAsync<JsonElement>("/api/v1/notifications/surveys/nps");
        Assert.True(report.GetProperty("responses").GetInt32() >= 1);
        Assert.True(report.GetProperty("promoters").GetInt32() >= 1);

        // A quarter later, the next completed session asks again.
        app.Clock.Advance(TimeSpan.FromDays(92));
        await app.PublishAsync(new SessionCompleted(Guid.CreateVersion7(), teacher, [learner], "Yoga", app.Clock.GetUtcNow()));
        var inbox = await app.WaitForInboxAsync(learner, 2);
        Assert.Equal(2, inbox.Items.Count(item => item.Type == "survey.nps"));
        Assert.NotEqual(survey, inbox.Items[0].Data["surveyId"]);

        await app.PublishAsync(new UserErasureRequested(learner, app.Clock.GetUtcNow().AddDays(30)));
        await app.Probe.WaitForAsync<UserDataErased>(erased => erased.UserId == learner && erased.Service == "notifications");
        var kept = Assert.Single(await app.DocumentsAsync<SurveyResponseDocument>(), response => response.SurveyId.ToString() == survey);
        Assert.Equal((9, null, null), (kept.Score, kept.Comment, kept.UserId));
    }
}
