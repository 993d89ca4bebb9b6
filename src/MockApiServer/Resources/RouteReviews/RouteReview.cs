using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace MockApiServer.Resources.RouteReviews;

/// <summary>
/// "Where does a connection from this source to this destination go?" — asked by creating one
/// (create-only, cluster-scoped, never stored, like SubjectAccessReview); the answer is in status.
/// </summary>
[KubernetesEntity(Group = "mockapi.dev", Kind = "RouteReview", ApiVersion = "v1", PluralName = "routereviews")]
public sealed class RouteReview : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "mockapi.dev/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "RouteReview";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>The connection to resolve.</summary>
    [JsonPropertyName("spec")]
    public RouteReviewSpec Spec { get; set; } = new();

    /// <summary>Where it goes, filled in by the server.</summary>
    [JsonPropertyName("status")]
    public RouteReviewStatus? Status { get; set; }
}

public sealed class RouteReviewSpec
{
    /// <summary>The pod opening the connection; its IP, node and namespace (for short DNS names) are used.</summary>
    [JsonPropertyName("sourcePod")]
    public RouteReviewPodReference? SourcePod { get; set; }

    /// <summary>The source address when it is not a pod (a node, or a client outside the cluster).</summary>
    [JsonPropertyName("sourceIP")]
    public string? SourceIp { get; set; }

    /// <summary>The node whose rules handle the connection; defaults to the source's node.</summary>
    [JsonPropertyName("sourceNode")]
    public string? SourceNode { get; set; }

    /// <summary>"IP:port", "dns-name:port" (svc, svc.ns, svc.ns.svc.cluster.local) or a URL (http://svc/).</summary>
    [JsonPropertyName("destination")]
    public string? Destination { get; set; }

    /// <summary>TCP (default), UDP or SCTP.</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; set; }
}

public sealed class RouteReviewPodReference
{
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }
}

public sealed class RouteReviewStatus
{
    /// <summary>True when the connection reaches an endpoint.</summary>
    [JsonPropertyName("routed")]
    public bool Routed { get; set; }

    /// <summary>The destination after name resolution, "IP:port".</summary>
    [JsonPropertyName("destination")]
    public string? Destination { get; set; }

    /// <summary>The node whose kube-proxy rules handle the connection.</summary>
    [JsonPropertyName("node")]
    public string? Node { get; set; }

    [JsonPropertyName("service")]
    public RouteReviewService? Service { get; set; }

    /// <summary>The path: the node, then each chain (nat or filter) with the comment of the rule that matched.</summary>
    [JsonPropertyName("hops")]
    public IList<RouteReviewHop>? Hops { get; set; }

    /// <summary>The endpoint chosen.</summary>
    [JsonPropertyName("endpoint")]
    public RouteReviewEndpoint? Endpoint { get; set; }

    /// <summary>Every endpoint the last chain could pick, with its chance.</summary>
    [JsonPropertyName("candidates")]
    public IList<RouteReviewEndpoint>? Candidates { get; set; }

    /// <summary>With ClientIP affinity: true when the endpoint is the one this client used within the timeout.</summary>
    [JsonPropertyName("sticky")]
    public bool? Sticky { get; set; }

    /// <summary>Why it is not routed: NoSuchAddress, NoEndpoints, NoLocalEndpoints, Firewalled, NotProxied, NotResolved.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}

public sealed class RouteReviewService
{
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The service port's name ("" when unnamed).</summary>
    [JsonPropertyName("portName")]
    public string? PortName { get; set; }

    [JsonPropertyName("port")]
    public int Port { get; set; }

    /// <summary>Which frontend captured it: ClusterIP, NodePort, ExternalIP or LoadBalancer.</summary>
    [JsonPropertyName("frontend")]
    public string? Frontend { get; set; }

    /// <summary>The frontend address, "IP:port/PROTOCOL".</summary>
    [JsonPropertyName("address")]
    public string? Address { get; set; }

    [JsonPropertyName("sessionAffinityTimeoutSeconds")]
    public int? SessionAffinityTimeoutSeconds { get; set; }
}

public sealed class RouteReviewHop
{
    /// <summary>Node or Chain.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>nat or filter, for chains.</summary>
    [JsonPropertyName("table")]
    public string? Table { get; set; }

    [JsonPropertyName("comment")]
    public string? Comment { get; set; }
}

public sealed class RouteReviewEndpoint
{
    [JsonPropertyName("ip")]
    public string? Ip { get; set; }

    [JsonPropertyName("port")]
    public int Port { get; set; }

    [JsonPropertyName("pod")]
    public string? Pod { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("node")]
    public string? Node { get; set; }

    /// <summary>The chance this endpoint is picked (1/N); absent on the chosen endpoint.</summary>
    [JsonPropertyName("probability")]
    public double? Probability { get; set; }

    /// <summary>The --probability of its statistic rule as kube-proxy writes it (1/(N-i); 1 for the last rule).</summary>
    [JsonPropertyName("ruleProbability")]
    public double? RuleProbability { get; set; }

    /// <summary>Its KUBE-SEP chain.</summary>
    [JsonPropertyName("chain")]
    public string? Chain { get; set; }
}
