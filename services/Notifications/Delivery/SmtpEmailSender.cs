using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SkillSwap.Notifications.Delivery;

/// <summary>
/// Sends emails over SMTP to the server named by the <c>mail</c> connection string: <c>smtp://host:port</c>
/// (<c>smtps://</c> for TLS from the first byte; user and password as <c>smtp://user:password@host:port</c>), or Aspire's
/// <c>Endpoint=smtp://host:port;Username=…;Password=…</c>. STARTTLS is used whenever the server offers it, and required
/// when there are credentials.
/// </summary>
public sealed class SmtpEmailSender(IConfiguration configuration, IOptions<NotificationsOptions> options)
{
    public const string ConnectionName = "mail";

    private readonly Lazy<SmtpEndpoint?> _endpoint = new(() => SmtpEndpoint.Parse(configuration.GetConnectionString(ConnectionName)));

    public bool IsConfigured => _endpoint.Value is not null;

    /// <summary>One connection for a batch of emails.</summary>
    public async Task<SmtpConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var endpoint = _endpoint.Value ?? throw new InvalidOperationException($"No SMTP server: set ConnectionStrings:{ConnectionName}.");
        var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(30).TotalMilliseconds };
        // A password is never sent in clear: with credentials the server must offer STARTTLS (or speak TLS at once).
        var security = endpoint.ImplicitTls ? SecureSocketOptions.SslOnConnect
            : endpoint.UserName is not null ? SecureSocketOptions.StartTls
            : SecureSocketOptions.StartTlsWhenAvailable;
        try
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port, security, cancellationToken);
            if (endpoint.UserName is not null)
            {
                await client.AuthenticateAsync(endpoint.UserName, endpoint.Password ?? "", cancellationToken);
            }
            return new SmtpConnection(client, MailboxAddress.Parse(options.Value.EmailFrom));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed record SmtpEndpoint(string Host, int Port, bool ImplicitTls, string? UserName, string? Password)
    {
        public static SmtpEndpoint? Parse(string? connectionString)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                return null;
            }
            var parts = connectionString.Contains('=', StringComparison.Ordinal)
                ? connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(part => part.Split('=', 2))
                    .ToDictionary(pair => pair[0].Trim(), pair => pair.Length > 1 ? pair[1].Trim() : "", StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Endpoint"] = connectionString.Trim() };
            var uri = new Uri(parts.GetValueOrDefault("Endpoint") ?? throw new FormatException("The mail connection string names no Endpoint."));
            var implicitTls = uri.Scheme == "smtps";
            var userInfo = uri.UserInfo.Split(':', 2);
            return new SmtpEndpoint(
                uri.Host,
                uri.IsDefaultPort || uri.Port < 0 ? (implicitTls ? 465 : 25) : uri.Port,
                implicitTls,
                parts.GetValueOrDefault("Username") ?? (userInfo[0].Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : null),
                parts.GetValueOrDefault("Password") ?? (userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null));
        }
    }
}

public sealed class SmtpConnection(SmtpClient client, MailboxAddress from) : IAsyncDisposable
{
    public async Task SendAsync(DeliveryDocument email, CancellationToken cancellationToken)
    {
        var message = new MimeMessage
        {
            Subject = email.Title,
            // From the delivery: a retried send carries the same id, so a receiving server or a person can tell.
            MessageId = $"{email.Id.Replace(':', '.')}@skillswap.app",
            Body = new BodyBuilder { TextBody = email.Body, HtmlBody = email.Html }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(email.EmailAddress ?? throw new InvalidOperationException($"Email {email.Id} has no address.")));
        if (email.Data.TryGetValue("locale", out var locale))
        {
            message.Headers.Add(HeaderId.ContentLanguage, locale);
        }
        await client.SendAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(quit: true);
            }
            catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or SmtpCommandException)
            {
                // Everything was sent already; a server that hangs up first changes nothing.
            }
        }
        client.Dispose();
    }
}
