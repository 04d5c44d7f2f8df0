using SkillSwap.Profiles;
using SkillSwap.Profiles.Blocking;
using SkillSwap.Profiles.Matching;
using SkillSwap.Profiles.Model;
using SkillSwap.Profiles.Reporting;
using SkillSwap.Profiles.Search;
using SkillSwap.Profiles.Skills;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddProfilesServices();

var app = builder.Build();

// "rebuild-search-index": recreate the search index from the profiles, then exit (see RebuildSearchIndex).
if (args.Contains(RebuildSearchIndex.CommandName))
{
    await app.Services.GetRequiredService<RebuildSearchIndex>().RunAsync(CancellationToken.None);
    return;
}

app.UseProblemDetailsDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApiDefaults();
app.MapProfilesApi();
app.MapSkillsApi();
app.MapSearchApi();
app.MapMatchingApi();
app.MapBlockingApi();
app.MapReportingApi();

await app.RunAsync();

/// <summary>Visible to the test project's WebApplicationFactory.</summary>
public partial class Program;
