using System.Text;
using Microsoft.EntityFrameworkCore;

namespace SkillSwap.EventBus.EntityFrameworkCore;

public static class ModelConventions
{
    /// <summary>
    /// Names every column in snake_case (<c>BalanceMinutes</c> → <c>balance_minutes</c>), the style of the event-bus
    /// tables, so hand-written SQL and psql sessions read alike. Call at the end of OnModelCreating.
    /// </summary>
    public static ModelBuilder UseSnakeCaseColumns(this ModelBuilder modelBuilder)
    {
        // Types stored as a JSON document keep their JSON property names; their column is named where ToJson names it.
        foreach (var property in modelBuilder.Model.GetEntityTypes().Where(entity => !entity.IsMappedToJson()).SelectMany(entity => entity.GetProperties()))
        {
            if (property.GetColumnName() is { } name && name.Any(char.IsUpper))
            {
                property.SetColumnName(ToSnakeCase(name));
            }
        }
        return modelBuilder;
    }

    public static string ToSnakeCase(string name)
    {
        var snake = new StringBuilder(name.Length + 8);
        for (var index = 0; index < name.Length; index++)
        {
            if (char.IsUpper(name[index]) && index > 0 && !char.IsUpper(name[index - 1]))
            {
                snake.Append('_');
            }
            snake.Append(char.ToLowerInvariant(name[index]));
        }
        return snake.ToString();
    }
}
