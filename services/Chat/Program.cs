using SkillSwap.Chat;
using SkillSwap.Chat.Conversations;
using SkillSwap.Chat.Messages;
using SkillSwap.Chat.Presence;
using SkillSwap.Chat.Realtime;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChatServices();

var app = builder.Build();

app.UseProblemDetailsDefaults();
app.UseWebSockets();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApiDefaults();
app.MapConversationsApi();
app.MapMessagesApi();
app.MapPresenceApi();
app.MapHub<ChatHub>(ChatHub.Path);

await app.RunAsync();

/// <summary>Visible to the test project.</summary>
public partial class Program;
