using SkillSwap.DocumentStore;
using SkillSwap.Reviews.Writing;

namespace SkillSwap.Reviews.Ratings;

/// <summary>
/// Shows the reviews whose blind period is over (the other side never reviewed back), one unit of work each, so a
/// failing one does not hold up the rest.
/// </summary>
public sealed class RevealClock(IServiceScopeFactory scopes, TimeProvider time, Microsoft.Extensions.Options.IOptions<ReviewsOptions> options, ILogger<RevealClock> logger)
    : PeriodicBackgroundService(time, logger)
{
    private const int Batch = 100;

    protected override TimeSpan Interval => options.Value.ClockInterval;

    public override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = Time.GetUtcNow();
            IReadOnlyList<ReviewDocument> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
                due = await db.Query<ReviewDocument>()
                    .Where(review => review.Revealed == false && review.RevealAt <= now)
                    .OrderBy(review => review.RevealAt).Take(Batch).ToListAsync(cancellationToken);
            }
            var revealed = 0;
            foreach (var review in due)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
                try
                {
                    await ReviewReveal.RevealAsync(db, scope.ServiceProvider.GetRequiredService<RatingBook>(), review, now, cancellationToken);
                    db.Replace(review);
                    await db.SaveChangesAsync(cancellationToken);
                    revealed++;
                }
                catch (DocumentConcurrencyException)
                {
                    // Revealed or edited at the same moment: the next run sees it as it is now.
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    Logger.LogWarning(ex, "Could not reveal review {ReviewId}; the next run tries again", review.ReviewId);
                }
            }
            if (due.Count < Batch || revealed == 0)
            {
                return;
            }
        }
    }
}
