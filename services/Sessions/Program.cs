using SkillSwap.Sessions;
using SkillSwap.Sessions.Calendar;
using SkillSwap.Sessions.Cancellation;
using SkillSwap.Sessions.Completion;
using SkillSwap.Sessions.GroupSessions;
using SkillSwap.Sessions.Model;
using SkillSwap.Sessions.Requests;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSessionsServices();

var app = builder.Build();

app.UseProblemDetailsDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApiDefaults();
app.MapSessionsApi();
app.MapRequestsApi();
app.MapCancellationApi();
app.MapCompletionApi();
app.MapGroupSessionsApi();
app.MapCalendarApi();

await app.RunAsync();

/// <summary>Visible to the test project's WebApplicationFactory.</summary>
public partial class Program;
