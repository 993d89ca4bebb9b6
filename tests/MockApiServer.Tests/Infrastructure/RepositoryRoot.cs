namespace MockApiServer.Tests.Infrastructure;

/// <summary>The checkout's top folder (where MockApiServer.sln is), for tests that compare with checked-in files.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MockApiServer.sln"))) return dir.FullName;
        throw new InvalidOperationException("MockApiServer.sln not found above " + AppContext.BaseDirectory);
    }
}
