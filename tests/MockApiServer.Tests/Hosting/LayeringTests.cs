using System.Text.RegularExpressions;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Hosting;

/// <summary>
/// The folders' layering, which only the composition root (Hosting) may cross: networking is
/// below the kinds, and the kinds are below the controllers. Checked on the source, so a using
/// directive and a fully qualified name count alike.
/// </summary>
public sealed class LayeringTests
{
    [Theory]
    [InlineData("Networking", "Resources")]
    [InlineData("Networking", "Controllers")]
    [InlineData("Networking", "Hosting")]
    [InlineData("Resources", "Controllers")]
    [InlineData("Resources", "Hosting")]
    public void SourceFolder_NamesNoHigherLayer(string folder, string higher)
    {
        var reference = new Regex($@"(?<![\w.])(MockApiServer\.)?{higher}\b(?=\s*[.;])");
        var root = Path.Combine(RepositoryRoot.Path, "src", "MockApiServer", folder);
        var offenders =
            from file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            from line in File.ReadLines(file)
            let code = line.Split("//")[0]
            where reference.IsMatch(code)
            select $"{Path.GetRelativePath(root, file)}: {line.Trim()}";

        Assert.Empty(offenders);
    }
}
