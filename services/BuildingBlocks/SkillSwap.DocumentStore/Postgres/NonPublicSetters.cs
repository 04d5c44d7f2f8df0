using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace SkillSwap.DocumentStore.Postgres;

/// <summary>
/// A document may keep its state behind private setters so that only its own methods change it (a session's status,
/// its seats). System.Text.Json writes only public setters when it reads JSON; this lets it write the non-public ones
/// of public properties too, as the MongoDB driver's class maps already do. Private constructors are chosen with
/// <see cref="System.Text.Json.Serialization.JsonConstructorAttribute"/>.
/// </summary>
internal static class NonPublicSetters
{
    public static void Include(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        foreach (var property in type.Properties)
        {
            if (property.Set is null && property.AttributeProvider is PropertyInfo { SetMethod: { IsPublic: false } setter })
            {
                property.Set = (target, value) => setter.Invoke(target, [value]);
            }
        }
    }
}
