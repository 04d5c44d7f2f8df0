using SkillSwap.Profiles;
using SkillSwap.Profiles.Profiles;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddProfilesServices();

var app = builder.Build();
app.UseProblemDetailsDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApiDefaults();
app.MapProfilesApi();

await app.RunAsync();

/// <summary>Visible to the test project's WebApplicationFactory.</summary>
public partial class Program;
