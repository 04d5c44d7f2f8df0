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
// A connection lives no longer than the token it was opened with; the app reconnects with a fresh one.
app.MapHub<ChatHub>(ChatHub.Path, hub => hub.CloseOnAuthenticationExpiration = true);

await app.RunAsync();

/// <summary>Visible to the test project.</summary>
public partial class Program;
