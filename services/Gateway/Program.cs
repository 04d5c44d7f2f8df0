using SkillSwap.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayServices();

var app = builder.Build();
app.UseGateway();
app.Run();

public partial class Program;
