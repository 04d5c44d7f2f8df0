using Microsoft.Extensions.Options;

namespace SkillSwap.Identity.Keys;

/// <summary>Rotates the signing key by age; every replica runs it, and a successor already scheduled stops the others.</summary>
public sealed class SigningKeyRotationWorker(
    SigningKeyStore keys,
    TimeProvider time,
    IOptions<SigningKeyOptions> options,
    ILogger<SigningKeyRotationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await keys.RotateIfDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The current key keeps signing; the next tick tries again.
                logger.LogError(ex, "Scheduled signing key rotation failed");
            }
        }
    }
}
