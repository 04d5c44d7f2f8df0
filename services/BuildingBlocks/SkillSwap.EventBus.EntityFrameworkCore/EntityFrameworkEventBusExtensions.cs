using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkillSwap.EventBus.EntityFrameworkCore.Inbox;
using SkillSwap.EventBus.EntityFrameworkCore.Outbox;
using SkillSwap.EventBus.Outbox;

namespace SkillSwap.EventBus.EntityFrameworkCore;

public static class EntityFrameworkEventBusExtensions
{
    /// <summary>
    /// Keeps the outbox and the inbox in <typeparamref name="TContext"/>'s database (tables from
    /// <see cref="EventBusModel.AddEventBusTables"/>), and wakes the relay whenever that context commits events.
    /// </summary>
    public static IServiceCollection AddEntityFrameworkEventBusStores<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.TryAddScoped<IOutboxStore, EfOutboxStore<TContext>>();
        services.TryAddScoped<IInboxStore, EfInboxStore<TContext>>();
        services.TryAddSingleton<OutboxSignalInterceptor>();
        services.ConfigureDbContext<TContext>((serviceProvider, options) =>
        {
            // Without the bus (a migration tool, a unit test) the relay simply polls.
            if (serviceProvider.GetService<IOutboxSignal>() is not null)
            {
                options.AddInterceptors(serviceProvider.GetRequiredService<OutboxSignalInterceptor>());
            }
        });
        return services;
    }
}
