using MockApiServer.Controllers;
using MockApiServer.Testing;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Storage.Etcd;

/// <summary>An in-process server on the test etcd cluster under a prefix, with or without its controllers.</summary>
public sealed class EtcdServerFactory(string prefix, bool controllers) : MockApiServerFactory(new MockApiServerOptions
{
    Settings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["EtcdServers"] = string.Join(',', EtcdCluster.Servers()),
        ["EtcdPrefix"] = prefix,
        ["EtcdCompactionInterval"] = "0s",
        ["Controllers"] = controllers ? "*" : string.Join(',', ControllerSelection.Known.Select(c => "-" + c)),
    },
});
