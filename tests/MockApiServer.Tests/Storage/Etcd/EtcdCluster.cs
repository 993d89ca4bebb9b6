using Microsoft.Extensions.Logging.Abstractions;
using MockApiServer.Storage.Etcd;

namespace MockApiServer.Tests.Storage.Etcd;

/// <summary>
/// The etcd cluster the etcd tests run against: its client URLs from <c>MOCKAPI_ETCD_SERVERS</c>
/// (comma-separated; .ci/run starts a three-member cluster and sets it). Without it the tests
/// skip — except under CI=true, where they fail, so CI cannot pass without etcd.
/// </summary>
public static class EtcdCluster
{
    public const string Variable = "MOCKAPI_ETCD_SERVERS";

    public static IReadOnlyList<string> Servers()
    {
        var servers = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(servers))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{Variable} is not set: CI must run the etcd tests against a cluster (.ci/run starts one).");
            Skip.If(true, $"{Variable} is not set (no etcd cluster to test against)");
        }
        return servers!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>A prefix no other test uses, so tests on one cluster never see each other's keys.</summary>
    public static string NewPrefix() => $"/mockapi-test-{Guid.NewGuid():N}";

    public static EtcdStorageBackend Backend(string prefix, IEnumerable<string> resources, TimeProvider? time = null, TimeSpan compactionInterval = default) =>
        new(new EtcdOptions { Servers = Servers(), Prefix = prefix, CompactionInterval = compactionInterval }, new EtcdKeyLayout(prefix, resources), time ?? TimeProvider.System,
            NullLogger<EtcdStorageBackend>.Instance);

    /// <summary>Deletes every key under the prefix.</summary>
    public static async Task DeletePrefixAsync(string prefix)
    {
        using var client = new dotnet_etcd.EtcdClient(string.Join(',', Servers()));
        await client.DeleteRangeAsync(prefix + "/");
    }
}

/// <summary>The etcd tests share one cluster, whose revision is global: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EtcdCollection
{
    public const string Name = "etcd";
}
