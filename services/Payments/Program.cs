using SkillSwap.EventBus.EntityFrameworkCore;
using SkillSwap.Payments;
using SkillSwap.Payments.Infrastructure;
using SkillSwap.Payments.Ledger;
using SkillSwap.Payments.Wallets;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPaymentsServices();

var app = builder.Build();
app.UseProblemDetailsDefaults();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApiDefaults();
app.MapWalletsApi();
app.MapLedgerAuditApi();

await app.Services.MigrateDatabaseAsync<PaymentsDbContext>();
await app.RunAsync();

/// <summary>Visible to the test project's WebApplicationFactory.</summary>
public partial class Program;
