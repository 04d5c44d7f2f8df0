using MimeKit;

namespace SkillSwap.Testing;

/// <summary>Reads the emails an SMTP server (aiosmtpd, see eng/native/smtp.sh) delivered into a Maildir folder.</summary>
public static class Maildir
{
    private static readonly string[] Folders = ["new", "cur"];

    /// <summary>The emails in <paramref name="maildir"/>, oldest first; only those to <paramref name="address"/> when given.</summary>
    public static IReadOnlyList<MimeMessage> Read(string maildir, string? address = null) =>
    [
        .. Folders
            .Select(folder => Path.Combine(maildir, folder))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Select(file => MimeMessage.Load(file))
            .Where(message => address is null
                || message.To.Mailboxes.Any(mailbox => string.Equals(mailbox.Address, address, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(message => message.Date),
    ];
}
