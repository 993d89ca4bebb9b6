using k8s;
using MockApiServer.Hosting;
using MockApiServer.Machinery;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Hosting;

public sealed class ManifestsTests(ManifestsTests.Fixture factory) : IClassFixture<ManifestsTests.Fixture>
{
    /// <summary>A server started with the seed story's samples.</summary>
    public sealed class Fixture : MockApiServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings =>
            [new("Manifests", Path.Combine(RepositoryRoot.Path, "samples", "seed-story"))];
    }

    [Fact]
    public async Task Start_WithSamples_CreatesEveryDocument()
    {
        var client = factory.Client;

        var pods = await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: "app=frontend");
        var svc = await client.CoreV1.ReadNamespacedServiceAsync("frontend-svc", "default");
        var redis = await client.CoreV1.ReadNamespacedServiceAsync("redis-master", "my-ns");
        var external = await client.CoreV1.ReadNamespacedServiceAsync("external-db", "default");

        Assert.Equal(3, pods.Items.Count);
        Assert.Equal(32233, svc.Spec.Ports[0].NodePort);
        Assert.Equal(6379, redis.Spec.Ports[0].Port);
        Assert.Equal("db.example.com", external.Spec.ExternalName);
    }

    [Fact]
    public void Load_DocumentWithoutKind_NamesFileAndDocument()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mockapi-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n---\nmetadata: {name: nokind}\n");

        var e = Assert.Throws<OptionsException>(() => Manifests.Load(file));

        Assert.Equal($"--manifests: {file} (document 2): apiVersion and kind are required", e.Message);
    }

    [Fact]
    public void Load_MissingPath_NamesTheOption()
    {
        var e = Assert.Throws<OptionsException>(() => Manifests.Load("/no/such/manifests"));
        Assert.StartsWith("--manifests:", e.Message);
    }
}
