using System.Net;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking.Routing;

namespace MockApiServer.Resources.RouteReviews;

/// <summary>
/// Answers a RouteReview: finds the source (pod → its IP and node), resolves a DNS-name
/// destination to its Service's clusterIP, and asks the routing model on a table that includes
/// every committed change to Services, EndpointSlices and Nodes.
/// </summary>
public sealed class RouteReviewer(ResourceStore store, IRoutingTableSource routing, RouteResolver resolver, Networking.Dns.DnsOptions dns)
{
    public RouteReview Review(RouteReview review)
    {
        var spec = review.Spec;
        var status = review.Status = new RouteReviewStatus();
        var source = Source(spec, out var sourceNamespace);
        var destination = RouteDestination.Parse(spec.Destination)!.Value;
        var ip = destination.Host;
        if (!IPAddress.TryParse(ip, out _))
        {
            var service = ServiceNames.Find(store, destination.Host, sourceNamespace, dns.ClusterDomain);
            if (service is null) return Fail(review, "NotResolved", $"{destination.Host} does not resolve to a service (seen from namespace {sourceNamespace})");
            if (RoutingTableBuilder.NotProxiedReason(service) is { } reason)
            {
                var what = reason == "ExternalName" ? $"an ExternalName service (a CNAME to {service.Spec.ExternalName})" : "a headless service (its name resolves to the pods themselves)";
                return Fail(review, "NotProxied", $"{service.Metadata.NamespaceProperty}/{service.Metadata.Name} is {what}; kube-proxy does not proxy it");
            }
            ip = service.Spec.ClusterIP;
        }
        routing.Fresh();
        var result = resolver.Resolve(source, ip, destination.Port, spec.Protocol ?? "TCP");
        Fill(status, result, ip, destination.Port);
        return review;
    }

    private RouteSource Source(RouteReviewSpec spec, out string sourceNamespace)
    {
        sourceNamespace = "default";
        if (spec.SourcePod is not { } podRef) return new RouteSource(spec.SourceIp, spec.SourceNode);
        sourceNamespace = string.IsNullOrEmpty(podRef.Namespace) ? "default" : podRef.Namespace;
        var pod = store.TryGet(store.Registry.Get("", "pods"), sourceNamespace, podRef.Name!)?.Object as V1Pod
            ?? throw StatusErrors.Invalid("mockapi.dev", "RouteReview", "",
                [new FieldError("FieldValueNotFound", "spec.sourcePod", $"Not found: \"{sourceNamespace}/{podRef.Name}\"")]);
        return new RouteSource(pod.Status?.PodIP, spec.SourceNode ?? pod.Spec?.NodeName, IsPod: true);
    }

    private static void Fill(RouteReviewStatus status, RouteResult result, string ip, int port)
    {
        status.Routed = result.Succeeded;
        status.Destination = ip.Contains(':') ? $"[{ip}]:{port}" : $"{ip}:{port}";
        status.Node = result.Node;
        if (result.Frontend is { } f)
        {
            status.Service = new RouteReviewService
            {
                Namespace = f.Route.Name.Namespace,
                Name = f.Route.Name.Name,
                PortName = f.Route.Name.Port,
                Port = f.Route.Port,
                Frontend = f.Kind.ToString(),
                Address = f.ToString(),
                SessionAffinityTimeoutSeconds = f.Route.AffinitySeconds,
            };
        }
        status.Hops = result.Hops.Select(h => new RouteReviewHop { Kind = h.Kind, Name = h.Name, Table = h.Table, Comment = h.Comment }).ToList();
        if (result.Candidates.Count > 0) status.Candidates = result.Candidates.Select(c => Endpoint(c.Endpoint, c.Probability, c.RuleProbability)).ToList();
        if (result.Chosen is { } chosen) status.Endpoint = Endpoint(chosen, null, null);
        if (result.Frontend?.Route.AffinitySeconds is not null && result.Chosen is not null) status.Sticky = result.Sticky;
        if (!result.Succeeded)
        {
            status.Reason = result.Outcome.ToString();
            status.Message = result.Message;
        }
    }

    private static RouteReviewEndpoint Endpoint(ProxyEndpoint e, double? probability, double? ruleProbability) => new()
    {
        Ip = e.Ip,
        Port = e.Port,
        Pod = e.PodName,
        Namespace = e.PodNamespace,
        Node = e.NodeName,
        Probability = probability,
        RuleProbability = ruleProbability,
        Chain = e.Chain,
    };

    private static RouteReview Fail(RouteReview review, string reason, string message)
    {
        review.Status = new RouteReviewStatus { Routed = false, Reason = reason, Message = message };
        return review;
    }
}
