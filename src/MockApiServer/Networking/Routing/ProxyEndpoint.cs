namespace MockApiServer.Networking.Routing;

/// <summary>One endpoint of a service port, from an EndpointSlice: address, conditions, pod and node.</summary>
public sealed record ProxyEndpoint(ServicePortName Service, string Protocol, string Ip, int Port, bool Ready, bool Serving, bool Terminating,
    string? NodeName, string? PodNamespace, string? PodName)
{
    private string? _chain;

    /// <summary>"IP:port" ("[v6]:port"), as kube-proxy writes it in DNAT targets and SEP hashes.</summary>
    public string Address { get; } = Ip.Contains(':') ? $"[{Ip}]:{Port}" : $"{Ip}:{Port}";

    /// <summary>The KUBE-SEP chain, hashed on first use (a rebuild does not pay for every endpoint).</summary>
    public string Chain => _chain ??= ChainNames.EndpointChain(Service, Protocol, Address);
}
