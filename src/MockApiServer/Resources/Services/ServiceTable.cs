using k8s;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Services;

/// <summary>kubectl get columns for Service (k/k printers.go printService; the server always prints wide).</summary>
public sealed class ServiceTable : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumns.Name,
        new("Type", "string", "", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"),
        new("Cluster-IP", "string", "", "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
        new("External-IP", "string", "", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system."),
        new("Port(s)", "string", "", "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
        TableColumns.Age,
        new("Selector", "string", "", "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/", Priority: 1),
    ];

    public IReadOnlyList<object?> Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var service = (V1Service)obj;
        var spec = service.Spec ?? new V1ServiceSpec();
        var clusterIP = spec.ClusterIPs is { Count: > 0 } ips ? ips[0] : TableCells.None;
        var ports = PortString(spec.Ports);
        return
        [
            service.Metadata.Name,
            spec.Type ?? "",
            clusterIP,
            ExternalIP(service),
            ports.Length == 0 ? TableCells.None : ports,
            HumanDuration.Age(service.Metadata.CreationTimestamp, now),
            TableCells.Labels(spec.Selector),
        ];
    }

    /// <summary>getServiceExternalIP with wide=true: load-balancer ingress is never clipped server-side.</summary>
    private static string ExternalIP(V1Service service)
    {
        var externalIPs = service.Spec?.ExternalIPs ?? [];
        switch (service.Spec?.Type)
        {
            case "ClusterIP":
            case "NodePort":
                return externalIPs.Count > 0 ? string.Join(",", externalIPs) : TableCells.None;
            case "LoadBalancer":
                var ingress = LoadBalancerIngress(service.Status?.LoadBalancer);
                if (externalIPs.Count > 0) return string.Join(",", ingress.Concat(externalIPs));
                return ingress.Count > 0 ? string.Join(",", ingress) : "<pending>";
            case "ExternalName":
                return service.Spec?.ExternalName ?? "";
            default:
                return "<unknown>";
        }
    }

    /// <summary>loadBalancerStatusStringer: each ingress's IP, else its hostname, de-duplicated and sorted.</summary>
    private static List<string> LoadBalancerIngress(V1LoadBalancerStatus? status) =>
        (status?.Ingress ?? [])
            .Select(ingress => !string.IsNullOrEmpty(ingress.Ip) ? ingress.Ip : ingress.Hostname)
            .Where(address => !string.IsNullOrEmpty(address))
            .Select(address => address!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>makePortString: "port/PROTO", or "port:nodePort/PROTO" once a node port is allocated.</summary>
    private static string PortString(IList<V1ServicePort>? ports) =>
        string.Join(",", (ports ?? []).Select(port =>
        {
            // v1 defaulting makes the protocol TCP when unset; the internal printer never sees it empty.
            var protocol = port.Protocol ?? "TCP";
            return port.NodePort is > 0 ? $"{port.Port}:{port.NodePort}/{protocol}" : $"{port.Port}/{protocol}";
        }));
}
