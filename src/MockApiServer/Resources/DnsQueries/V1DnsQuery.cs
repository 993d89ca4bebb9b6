using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace MockApiServer.Resources.DnsQueries;

/// <summary>
/// mockapi.dev/v1 DNSQuery: a create-only review (like SubjectAccessReview) asking cluster DNS
/// one question, optionally through a pod's or a namespace's search path.
/// </summary>
public sealed class V1DnsQuery : IKubernetesObject<V1ObjectMeta>
{
    public const string KubeGroup = "mockapi.dev";
    public const string KubeVersion = "v1";
    public const string KubeKind = "DNSQuery";
    public const string KubePlural = "dnsqueries";
    public const string KubeApiVersion = KubeGroup + "/" + KubeVersion;

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = KubeApiVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = KubeKind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public V1DnsQuerySpec? Spec { get; set; }
    [JsonPropertyName("status")] public V1DnsQueryStatus? Status { get; set; }
}

public sealed class V1DnsQuerySpec
{
    /// <summary>The name as a program in the pod would pass it: short, partly or fully qualified, or absolute with a trailing dot.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>A, AAAA, SRV, PTR, CNAME or TXT; A when empty. A PTR query for an IP asks for its reverse name.</summary>
    [JsonPropertyName("type")] public string? Type { get; set; }

    /// <summary>Resolve with this pod's resolv.conf (its dnsPolicy and dnsConfig).</summary>
    [JsonPropertyName("fromPod")] public V1DnsQueryPodRef? FromPod { get; set; }

    /// <summary>Resolve as a ClusterFirst pod in this namespace would.</summary>
    [JsonPropertyName("fromNamespace")] public string? FromNamespace { get; set; }
}

public sealed class V1DnsQueryPodRef
{
    [JsonPropertyName("namespace")] public string? Namespace { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
}

public sealed class V1DnsQueryStatus
{
    /// <summary>NOERROR, NXDOMAIN or REFUSED, as dig prints it.</summary>
    [JsonPropertyName("rcode")] public string Rcode { get; set; } = "";
    [JsonPropertyName("answers")] public IList<V1DnsQueryAnswer> Answers { get; set; } = [];

    /// <summary>The absolute name that answered; absent when none did.</summary>
    [JsonPropertyName("expansion")] public string? Expansion { get; set; }

    /// <summary>Every absolute name asked, in order.</summary>
    [JsonPropertyName("tried")] public IList<string> Tried { get; set; } = [];
}

public sealed class V1DnsQueryAnswer
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("ttl")] public int Ttl { get; set; }
    [JsonPropertyName("data")] public string Data { get; set; } = "";
}
