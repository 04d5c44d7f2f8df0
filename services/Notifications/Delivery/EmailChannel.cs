using MailKit.Net.Smtp;

namespace SkillSwap.Notifications.Delivery;

/// <summary>
/// Sends due emails over one SMTP connection per batch. A send that fails is retried later; one that can never succeed
/// (an invalid address, a permanent refusal of the recipient) fails at once; an unreachable server costs one connection
/// attempt per batch, not a timeout per email.
/// </summary>
public sealed class EmailChannel(SmtpEmailSender smtp, DeliveryLedger ledger, ILogger<EmailChannel> logger)
{
    public async Task SendAsync(IReadOnlyList<DeliveryDocument> emails, CancellationToken cancellationToken)
    {
        SmtpConnection? connection = null;
        string? serverDown = null;
        try
        {
            foreach (var email in emails)
            {
                if (!await ledger.ClaimAsync(email, cancellationToken))
                {
                    continue;
                }
                if (!smtp.IsConfigured)
                {
                    await ledger.SettleAsync(email, DeliveryState.Failed, $"No SMTP server configured (ConnectionStrings:{SmtpEmailSender.ConnectionName}).", cancellationToken);
                    continue;
                }
                if (serverDown is not null)
                {
                    await ledger.RetryLaterAsync(email, serverDown, cancellationToken);
                    continue;
                }
                try
                {
                    connection ??= await smtp.ConnectAsync(cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "SMTP server unreachable; the batch's emails are retried");
                    serverDown = $"SMTP server unreachable: {ex.Message}";
                    await ledger.RetryLaterAsync(email, serverDown, cancellationToken);
                    continue;
                }
                Exception? failure = null;
                try
                {
                    await connection.SendAsync(email, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = ex;
                    // The next email gets a fresh connection rather than one the failure may have broken.
                    await connection.DisposeAsync();
                    connection = null;
                }
                await SettleAsync(email, failure, cancellationToken);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private Task SettleAsync(DeliveryDocument email, Exception? failure, CancellationToken cancellationToken)
    {
        if (failure is null)
        {
            return ledger.SettleAsync(email, DeliveryState.Sent, null, cancellationToken);
        }
        if (failure is MimeKit.ParseException or SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted, StatusCode: >= (SmtpStatusCode)500 })
        {
            // This address is wrong or refused for good; a refusal of the sender or of the server's settings is
            // retried instead, so a configuration mistake does not lose every queued email.
            logger.LogWarning(failure, "Email {DeliveryId} refused for good", email.Id);
            return ledger.SettleAsync(email, DeliveryState.Failed, failure.Message, cancellationToken);
        }
        logger.LogWarning(failure, "Email {DeliveryId} not sent; it is retried", email.Id);
        return ledger.RetryLaterAsync(email, failure.Message, cancellationToken);
    }
}
