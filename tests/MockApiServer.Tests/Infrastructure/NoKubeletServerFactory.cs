namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// A server whose scheduler and kubelet are off (--controllers), for tests that play the kubelet
/// themselves: they bind pods and write exact pod status through pods/status.
/// </summary>
public sealed class NoKubeletServerFactory : MockApiServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Controllers", "*,-kubelet,-scheduler")];
}
