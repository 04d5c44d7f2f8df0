using SkillSwap.Identity;
using SkillSwap.Identity.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIdentityServices();

var app = builder.Build();
app.UseProblemDetailsDefaults();
app.UseIdentityRequestBodyLimit();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapOpenApiDefaults();
app.MapIdentityApi();

await app.PrepareIdentityDatabaseAsync();
await app.RunAsync();

/// <summary>Visible to the test project's WebApplicationFactory.</summary>
public partial class Program;
