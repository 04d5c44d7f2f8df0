using SkillSwap.Reviews;
using SkillSwap.Reviews.Reading;
using SkillSwap.Reviews.Replies;
using SkillSwap.Reviews.Reports;
using SkillSwap.Reviews.Writing;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddReviewsServices();

var app = builder.Build();

app.UseProblemDetailsDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApiDefaults();
app.MapWritingApi();
app.MapReadingApi();
app.MapRepliesApi();
app.MapReportsApi();

await app.RunAsync();

/// <summary>Visible to the test project's WebApplicationFactory.</summary>
public partial class Program;
