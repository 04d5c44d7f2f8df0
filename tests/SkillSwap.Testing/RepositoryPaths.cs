namespace SkillSwap.Testing;

/// <summary>Locates the repository so tests can reach the scripts that start the native servers.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NativeScript(string name) => Path.Combine(Root, "eng", "native", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SkillSwap.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"SkillSwap.sln not found above {AppContext.BaseDirectory}");
    }
}
