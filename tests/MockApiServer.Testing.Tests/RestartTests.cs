using k8s;
using k8s.Models;

namespace MockApiServer.Testing.Tests;

/// <summary>A second fixture on the database a first one kept: the server restarted.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task KeptDatabase_IsWhereTheNextFixtureStarts()
    {
        string path;
        using (var first = new MockApiServerFixture { KeepDatabase = true })
        {
            await first.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "survives" } });
            path = first.DatabasePath;
        }
        Assert.True(File.Exists(path));

        using var second = new MockApiServerFixture { DatabasePath = path };
        var ns = await second.Client.CoreV1.ReadNamespaceAsync("survives");

        Assert.Equal("survives", ns.Name());
    }

    [Fact]
    public void Dispose_DeletesTheDatabaseByDefault()
    {
        string path;
        using (var fixture = new MockApiServerFixture())
        {
            _ = fixture.Client;
            path = fixture.DatabasePath;
            Assert.True(File.Exists(path));
        }

        Assert.False(File.Exists(path));
    }
}
