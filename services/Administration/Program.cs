using SkillSwap.Administration;
using SkillSwap.Administration.Appeals;
using SkillSwap.Administration.Audit;
using SkillSwap.Administration.Infrastructure;
using SkillSwap.Administration.Kpis;
using SkillSwap.Administration.Moderation;
using SkillSwap.Administration.Sanctions;
using SkillSwap.EventBus.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAdministrationServices();

var app = builder.Build();
app.UseProblemDetailsDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApiDefaults();
app.MapModerationApi();
app.MapSanctionsApi();
app.MapAuditApi();
app.MapKpisApi();
app.MapAppealsApi();

await app.Services.MigrateDatabaseAsync<AdministrationDbContext>();
await app.RunAsync();

/// <summary>Visible to the test project's WebApplicationFactory.</summary>
public partial class Program;
