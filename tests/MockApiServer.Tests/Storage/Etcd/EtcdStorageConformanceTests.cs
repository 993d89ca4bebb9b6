using MockApiServer.Storage;

namespace MockApiServer.Tests.Storage.Etcd;

/// <summary>The storage conformance suite on etcd, each test under its own key prefix.</summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdStorageConformanceTests : StorageConformance
{
    private readonly string _prefix = EtcdCluster.NewPrefix();

    protected override IStorageBackend CreateBackend() => EtcdCluster.Backend(_prefix, ["pods", "services"]);

    protected override IStorageBackend ReopenBackend() => CreateBackend();

    protected override async ValueTask DisposeStoreAsync()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EtcdCluster.Variable))) await EtcdCluster.DeletePrefixAsync(_prefix);
    }
}
