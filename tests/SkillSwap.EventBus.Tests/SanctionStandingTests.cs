using SkillSwap.IntegrationEvents;
using Xunit;

namespace SkillSwap.EventBus.Tests;

/// <summary>
/// The one rule every service applies to sanction events (<see cref="SanctionStanding"/>): whatever order they arrive
/// in, the outcome is the one of the order they were published in.
/// </summary>
public sealed class SanctionStandingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid First = Guid.CreateVersion7(Start);
    private static readonly Guid Second = Guid.CreateVersion7(Start.AddMinutes(1));

    private static SanctionStanding Nothing => new(null, null);

    [Fact]
    public void Ids_made_a_millisecond_apart_order_as_made()
    {
        var ids = Enumerable.Range(0, 50).Select(i => Guid.CreateVersion7(Start.AddMilliseconds(i))).ToList();

        Assert.Equal(ids, Enumerable.Reverse(ids).Order());
    }

    [Fact]
    public void In_order_a_sanction_is_in_force_until_lifted_and_its_redelivery_changes_nothing()
    {
        var sanctioned = Nothing.Impose(First);
        Assert.Equal(new SanctionStanding(First, First), sanctioned);
        Assert.Equal(sanctioned, sanctioned.Impose(First));

        var lifted = sanctioned.Lift(First);
        Assert.Equal(new SanctionStanding(null, First), lifted);
        Assert.Equal(lifted, lifted.Impose(First));
    }

    [Fact]
    public void A_sanction_whose_lift_came_first_is_stale()
    {
        var standing = Nothing.Lift(First).Impose(First);

        Assert.Null(standing.InForce);
    }

    [Fact]
    public void A_newer_sanction_replaces_the_one_in_force_and_an_older_one_arriving_late_changes_nothing()
    {
        var replaced = Nothing.Impose(First).Impose(Second);
        Assert.Equal(Second, replaced.InForce);
        Assert.Equal(replaced, Nothing.Impose(Second).Impose(First));
        // The lift of the one replaced (its date passing late) leaves the newer one in force.
        Assert.Equal(Second, replaced.Lift(First).InForce);
    }

    [Fact]
    public void The_lift_of_a_newer_sanction_not_heard_of_ends_the_one_it_replaced_and_makes_it_stale()
    {
        var standing = Nothing.Impose(First).Lift(Second);
        Assert.Null(standing.InForce);

        Assert.Null(standing.Impose(Second).InForce);
    }

    [Fact]
    public void A_record_from_before_the_newest_id_was_kept_counts_the_sanction_in_force_as_the_newest()
    {
        var legacy = new SanctionStanding(Second, null);

        Assert.Equal(legacy, legacy.Impose(First));
        var lifted = legacy.Lift(Second);
        Assert.Equal(new SanctionStanding(null, Second), lifted);
        Assert.Null(lifted.Impose(Second).InForce);
    }
}
