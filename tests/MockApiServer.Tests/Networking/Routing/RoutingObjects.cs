using k8s.Models;

namespace MockApiServer.Tests.Networking.Routing;

/// <summary>Plain Services, EndpointSlices and Nodes for routing tests, shaped as the controllers write them.</summary>
public static class RoutingObjects
{
    public static V1Service Service(string name, string clusterIp, params V1ServicePort[] ports) => Service("default", name, clusterIp, ports);

    public static V1Service Service(string ns, string name, string clusterIp, params V1ServicePort[] ports) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            ClusterIP = clusterIp,
            ClusterIPs = clusterIp == "None" ? ["None"] : [clusterIp],
            Ports = ports,
            Selector = new Dictionary<string, string> { ["app"] = name },
            SessionAffinity = "None",
            InternalTrafficPolicy = "Cluster",
        },
    };

    public static V1ServicePort Port(string? name, int port, int targetPort, int? nodePort = null, string protocol = "TCP") =>
        new() { Name = name, Port = port, TargetPort = targetPort, NodePort = nodePort, Protocol = protocol };

    public static V1Service NodePort(this V1Service service, string policy = "Cluster")
    {
        service.Spec.Type = "NodePort";
        service.Spec.ExternalTrafficPolicy = policy;
        return service;
    }

    public static V1Service LoadBalancer(this V1Service service, string ip, string policy = "Cluster", params string[] sourceRanges)
    {
        service.Spec.Type = "LoadBalancer";
        service.Spec.ExternalTrafficPolicy = policy;
        service.Spec.LoadBalancerSourceRanges = sourceRanges.Length > 0 ? sourceRanges : null;
        service.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = ip, IpMode = "VIP" }] } };
        return service;
    }

    public static V1Service WithInternalPolicyLocal(this V1Service service)
    {
        service.Spec.InternalTrafficPolicy = "Local";
        return service;
    }

    public static V1Service ClientIpAffinity(this V1Service service, int timeoutSeconds)
    {
        service.Spec.SessionAffinity = "ClientIP";
        service.Spec.SessionAffinityConfig = new V1SessionAffinityConfig { ClientIP = new V1ClientIPConfig { TimeoutSeconds = timeoutSeconds } };
        return service;
    }

    /// <summary>An endpoint: ready unless told otherwise, on a node, backed by a pod.</summary>
    public static V1Endpoint Endpoint(string ip, string node, string pod, bool ready = true, bool serving = true, bool terminating = false) => new()
    {
        Addresses = [ip],
        Conditions = new V1EndpointConditions { Ready = ready, Serving = serving, Terminating = terminating },
        NodeName = node,
        TargetRef = new V1ObjectReference { Kind = "Pod", Name = pod, NamespaceProperty = "default" },
    };

    public static V1EndpointSlice Slice(V1Service service, string portName, int port, params V1Endpoint[] endpoints) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            Name = $"{service.Metadata.Name}-{portName}{port}",
            NamespaceProperty = service.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service.Metadata.Name, ["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io" },
        },
        AddressType = "IPv4",
        Ports = [new Discoveryv1EndpointPort { Name = portName, Port = port, Protocol = "TCP" }],
        Endpoints = endpoints,
    };

    /// <summary>node-k as the cluster simulation makes them: InternalIP 172.18.0.(k+1), pods from 10.244.k.0/24.</summary>
    public static V1Node Node(int k) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = $"node-{k}" },
        Spec = new V1NodeSpec { PodCIDR = $"10.244.{k}.0/24", PodCIDRs = [$"10.244.{k}.0/24"] },
        Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "InternalIP", Address = $"172.18.0.{k + 1}" }, new V1NodeAddress { Type = "Hostname", Address = $"node-{k}" }] },
    };

    public static V1Node[] Nodes(int count) => Enumerable.Range(1, count).Select(Node).ToArray();
}
