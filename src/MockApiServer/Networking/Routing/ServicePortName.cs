namespace MockApiServer.Networking.Routing;

/// <summary>
/// kube-proxy's ServicePortName: "namespace/name", plus ":port" only when the port is named
/// (pkg/proxy/types.go). It names chains, comments and routes.
/// </summary>
public readonly record struct ServicePortName(string Namespace, string Name, string Port)
{
    public string Service => $"{Namespace}/{Name}";

    public override string ToString() => Port.Length == 0 ? Service : $"{Service}:{Port}";
}
