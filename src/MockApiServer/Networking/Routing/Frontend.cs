namespace MockApiServer.Networking.Routing;

public enum FrontendKind
{
    ClusterIP,
    ExternalIP,
    LoadBalancer,
    NodePort,
}

/// <summary>One address:port/protocol kube-proxy captures, and the service port behind it.</summary>
public sealed record Frontend(FrontendKind Kind, string Ip, int Port, string Protocol, ServicePortRoute Route, string? Node = null)
{
    public override string ToString() => $"{Ip}:{Port}/{Protocol}";
}

/// <summary>The lookup key of a frontend; IPs are normalised strings, protocols upper-case.</summary>
public readonly record struct FrontendKey(string Ip, int Port, string Protocol);
