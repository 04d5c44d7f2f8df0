namespace SkillSwap.AppHost.Infrastructure;

internal static class ResourceBuilderExtensions
{
    /// <summary>Lets both modes hand out their resources under one type, whatever engine backs them.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString => builder as IResourceBuilder<IResourceWithConnectionString>
            ?? throw new InvalidOperationException($"{builder.Resource.Name} cannot be referenced as a connection string");
}
