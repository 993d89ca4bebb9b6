using System.Net;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking.Dns;

namespace MockApiServer.Resources.DnsQueries;

/// <summary>Answers a DNSQuery: validates the spec, picks the resolv.conf it asks for, fills the status.</summary>
public sealed class DnsQueryReview(ClusterDnsResolver resolver, ResourceStore store, ResourceRegistry registry)
{
    public static readonly string[] Types = ["A", "AAAA", "CNAME", "PTR", "SRV", "TXT"];

    private readonly ResourceDefinition _pods = registry.Get("", "pods");

    /// <summary>The query with its status; <paramref name="requestNamespace"/> is the URL's namespace, if any.</summary>
    /// <exception cref="ApiException">422 Invalid for a bad spec or a pod that does not exist.</exception>
    public V1DnsQuery Review(V1DnsQuery query, string? requestNamespace)
    {
        var spec = query.Spec ??= new V1DnsQuerySpec();
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(spec.Name)) errors.Add(FieldError.Required("spec.name"));
        spec.Type = string.IsNullOrEmpty(spec.Type) ? "A" : spec.Type.ToUpperInvariant();
        if (!Types.Contains(spec.Type)) errors.Add(FieldError.NotSupported("spec.type", spec.Type, Types));
        var conf = ResolvConfFor(spec, requestNamespace, errors);
        if (errors.Count > 0) throw StatusErrors.Invalid(V1DnsQuery.KubeGroup, V1DnsQuery.KubeKind, query.Metadata.Name ?? "", errors);

        var type = Enum.Parse<DnsRecordType>(spec.Type);
        var name = spec.Name!.Trim();
        if (type == DnsRecordType.PTR && IPAddress.TryParse(name, out var ip)) name = ReverseLookup.ReverseName(ip) + ".";
        var result = resolver.Search(name, type, conf);
        query.ApiVersion = V1DnsQuery.KubeApiVersion;
        query.Kind = V1DnsQuery.KubeKind;
        query.Status = new V1DnsQueryStatus
        {
            Rcode = Rcode(result.Answer.Code),
            Answers = result.Answer.Answers.Select(a => new V1DnsQueryAnswer { Name = a.Name, Type = a.Type.ToString(), Ttl = a.Ttl, Data = a.Data }).ToList(),
            Expansion = result.Expansion,
            Tried = [.. result.Tried],
        };
        return query;
    }

    private ResolvConf ResolvConfFor(V1DnsQuerySpec spec, string? requestNamespace, List<FieldError> errors)
    {
        if (spec.FromPod is { } podRef)
        {
            if (spec.FromNamespace is not null) errors.Add(FieldError.Forbidden("spec.fromNamespace", "may not be set together with spec.fromPod"));
            if (string.IsNullOrEmpty(podRef.Name))
            {
                errors.Add(FieldError.Required("spec.fromPod.name"));
                return ResolvConf.Absolute;
            }
            podRef.Namespace ??= requestNamespace ?? "default";
            if (store.Snapshot.Get(_pods, podRef.Namespace, podRef.Name)?.Object is V1Pod pod) return resolver.ResolvConfFor(pod);
            errors.Add(FieldError.NotFound("spec.fromPod.name", $"{podRef.Namespace}/{podRef.Name}"));
            return ResolvConf.Absolute;
        }
        var ns = spec.FromNamespace ?? requestNamespace;
        return string.IsNullOrEmpty(ns) ? ResolvConf.Absolute : resolver.ResolvConfFor(ns);
    }

    private static string Rcode(DnsResponseCode code) => code switch
    {
        DnsResponseCode.NoError => "NOERROR",
        DnsResponseCode.NxDomain => "NXDOMAIN",
        _ => "REFUSED",
    };
}
