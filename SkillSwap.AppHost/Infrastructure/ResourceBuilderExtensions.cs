namespace SkillSwap.AppHost.Infrastructure;

internal static class ResourceBuilderExtensions
{
    /// <summary>Lets both modes hand out their resources under one type, whatever engine backs them.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString => builder as IResourceBuilder<IResourceWithConnectionString>
            ?? throw new InvalidOperationException($"{builder.Resource.Name} cannot be referenced as a connection string");

    /// <summary>
    /// What a service needs to accept access tokens: Identity's keys (its reference) and the account deny list in the
    /// cache, so a sanctioned person's tokens stop in the service too, not only at the gateway.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAccessTokenValidation(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ProjectResource> identity, IResourceBuilder<IResourceWithConnectionString> cache) =>
        service.WithReference(identity).WithReference(cache).WaitFor(cache);
}
