using Microsoft.Extensions.Options;

namespace SkillSwap.Identity.Keys;

/// <summary>Rotates the signing key by age; every replica runs it, and a successor already scheduled stops the others.</summary>
public sealed class SigningKeyRotationWorker(
    SigningKeyStore keys,
    TimeProvider time,
    IOptions<SigningKeyOptions> options,
    ILogger<SigningKeyRotationWorker> logger) : PeriodicBackgroundService(time, logger)
{
    protected override TimeSpan Interval => options.Value.CheckInterval;

    protected override bool RunsAtStart => false;

    // The current key keeps signing when a rotation fails, but someone must look before it expires.
    protected override LogLevel FailureLevel => LogLevel.Error;

    public override Task RunOnceAsync(CancellationToken cancellationToken) => keys.RotateIfDueAsync(cancellationToken);
}
