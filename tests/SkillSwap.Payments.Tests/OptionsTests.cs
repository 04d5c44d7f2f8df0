using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using SkillSwap.Payments.Infrastructure;
using SkillSwap.Testing;

namespace SkillSwap.Payments.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void The_policy_defaults_to_a_three_credit_grant_and_a_half_share_for_late_cancellations()
    {
        var defaults = new PaymentsOptions();
        Assert.Equal((180, 50), (defaults.WelcomeGrantMinutes, defaults.LateCancellationTeacherSharePercent));

        var configured = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "services", "Payments", "appsettings.json"))
            .Build()
            .GetSection(PaymentsOptions.SectionName)
            .Get<PaymentsOptions>()!;
        Assert.Equal((180, 50), (configured.WelcomeGrantMinutes, configured.LateCancellationTeacherSharePercent));
    }

    [Theory]
    [InlineData(-1, 50)]
    [InlineData(6001, 50)]
    [InlineData(180, -1)]
    [InlineData(180, 101)]
    public void Out_of_range_policies_fail_validation(int grant, int share)
    {
        var options = new PaymentsOptions { WelcomeGrantMinutes = grant, LateCancellationTeacherSharePercent = share };

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }
}
