using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Runtime;

namespace MockApiServer.Api;

/// <summary>
/// The API server proxy: <c>pods/proxy</c>, <c>services/proxy</c> and <c>nodes/proxy</c>, every
/// verb, with the <c>name</c>, <c>name:port</c> and <c>scheme:name:port</c> forms and the path
/// after <c>/proxy</c> passed on. The backend is chosen as kube-apiserver's ResourceLocation
/// chooses it (a pod's IP; a random ready address of the Service's Endpoints whose port has the
/// port's name; a node's InternalIP and kubelet port) and answers through <see cref="BackendHttp"/>;
/// its status, headers and body come back as they are, a transport failure as 503 ServiceUnavailable
/// "error trying to reach service: …".
/// </summary>
public static class ProxyApi
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static IEndpointRouteBuilder MapProxyApi(this IEndpointRouteBuilder app, ResourceRegistry registry)
    {
        Map(app, registry.Get("", "pods"), "/api/v1/namespaces/{namespace}/pods/{name}/proxy", "NamespacedPodProxy", "v1 Pod", (h, ctx) => h.PodAsync(ctx));
        Map(app, registry.Get("", "services"), "/api/v1/namespaces/{namespace}/services/{name}/proxy", "NamespacedServiceProxy", "v1 Service", (h, ctx) => h.ServiceAsync(ctx));
        Map(app, registry.Get("", "nodes"), "/api/v1/nodes/{name}/proxy", "NodeProxy", "v1 Node", (h, ctx) => h.NodeAsync(ctx));
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, ResourceDefinition resource, string pattern, string operation, string tag, Func<Handler, HttpContext, Task> handle)
    {
        foreach (var method in Methods)
        {
            var verb = method[0] + method[1..].ToLowerInvariant();
            foreach (var (path, suffix) in new[] { (pattern, ""), (pattern + "/{**path}", "WithPath") })
            {
                RequestDelegate run = ctx => handle(ctx.RequestServices.GetRequiredService<Handler>(), ctx);
                app.MapMethods(path, [method], run)
                    .WithMetadata(run.Method)
                    .WithName($"connectCoreV1{verb}{operation}{suffix}")
                    .WithSummary($"connect {method} requests to proxy of {resource.Kind}")
                    .WithTags(tag)
                    .WithMetadata(new KubeOperation("connect", resource, "proxy", ["path"], resource.Kind + "ProxyOptions"));
            }
        }
    }

    /// <summary>utilnet.SplitSchemeNamePort: "name", "name:port" or "scheme:name:port", the scheme http, https or empty.</summary>
    public static (string Scheme, string Name, string Port)? SplitSchemeNamePort(string id)
    {
        var parts = id.Split(':');
        var (scheme, name, port) = parts.Length switch
        {
            1 => ("", parts[0], ""),
            2 => ("", parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => ("", "", ""),
        };
        return name.Length > 0 && scheme is "" or "http" or "https" ? (scheme, name, port) : null;
    }

    public sealed class Handler(ResourceStore store, BackendHttp backend, RandomSource random, ServingOptions serving, TimeProvider time)
    {
        private ResourceDefinition Resource(string plural) => store.Registry.Get("", plural);

        public Task PodAsync(HttpContext ctx)
        {
            var (ns, id) = (Route(ctx, "namespace"), Route(ctx, "name"));
            var (scheme, name, port) = SplitSchemeNamePort(id) ?? throw StatusErrors.BadRequest($"invalid pod request \"{id}\"");
            var pod = (V1Pod)store.Get(Resource("pods"), ns, name).Object;
            if (port.Length == 0 && pod.Spec.Containers.FirstOrDefault(c => c.Ports is { Count: > 0 }) is { } declared)
                port = declared.Ports[0].ContainerPort.ToString(CultureInfo.InvariantCulture);
            var ip = pod.Status?.PodIP;
            if (!IPAddress.TryParse(ip, out var address) || !IsGlobalUnicast(address)) throw StatusErrors.BadRequest("address not allowed");
            return ForwardAsync(ctx, scheme, ip!, port);
        }

        public Task ServiceAsync(HttpContext ctx)
        {
            var (ns, id) = (Route(ctx, "namespace"), Route(ctx, "name"));
            var (scheme, name, port) = SplitSchemeNamePort(id) ?? throw StatusErrors.BadRequest($"invalid service request \"{id}\"");
            if (long.TryParse(port, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                var service = (V1Service)store.Get(Resource("services"), ns, name).Object;
                var declared = (service.Spec.Ports ?? []).FirstOrDefault(p => p.Port == number)
                    ?? throw StatusErrors.ServiceUnavailable($"no service port {number} found for service \"{name}\"");
                port = declared.Name ?? "";
            }
            var endpoints = (V1Endpoints)store.Get(Resource("endpoints"), ns, name).Object;
            var subsets = endpoints.Subsets ?? [];
            if (subsets.Count == 0) throw StatusErrors.ServiceUnavailable($"no endpoints available for service \"{name}\"");
            var (ip, targetPort) = PickEndpoint(ns, subsets, port) ?? throw StatusErrors.ServiceUnavailable($"no endpoints available for service \"{id}\"");
            return ForwardAsync(ctx, scheme, ip, targetPort.ToString(CultureInfo.InvariantCulture));
        }

        public Task NodeAsync(HttpContext ctx)
        {
            var id = Route(ctx, "name");
            var (scheme, name, port) = SplitSchemeNamePort(id) ?? throw StatusErrors.BadRequest($"invalid node request \"{id}\"");
            var node = (V1Node)store.Get(Resource("nodes"), "", name).Object;
            // kubeadm's --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname.
            var addresses = node.Status?.Addresses ?? [];
            var host = new[] { "InternalIP", "ExternalIP", "Hostname" }.Select(t => addresses.FirstOrDefault(a => a.Type == t)?.Address).FirstOrDefault(a => a is not null)
                ?? throw StatusErrors.InternalError($"no preferred addresses found; known addresses: [{string.Join(" ", addresses.Select(a => "{" + a.Type + " " + a.Address + "}"))}]");
            var kubeletPort = (node.Status?.DaemonEndpoints?.KubeletEndpoint?.Port ?? 10250).ToString(CultureInfo.InvariantCulture);
            return port.Length == 0 || port == kubeletPort ? ForwardAsync(ctx, "https", host, kubeletPort) : ForwardAsync(ctx, scheme, host, port);
        }

        /// <summary>
        /// A random subset, then a random address in it, as kube-apiserver picks: only addresses whose
        /// targetRef is a pod of this namespace that still has the IP.
        /// </summary>
        private (string Ip, int Port)? PickEndpoint(string ns, IList<V1EndpointSubset> subsets, string portName)
        {
            var start = random.Next(subsets.Count);
            for (var s = 0; s < subsets.Count; s++)
            {
                var subset = subsets[(start + s) % subsets.Count];
                if (subset.Addresses is not { Count: > 0 } addresses) continue;
                foreach (var port in (subset.Ports ?? []).Where(p => (p.Name ?? "") == portName))
                {
                    var first = random.Next(addresses.Count);
                    for (var a = 0; a < addresses.Count; a++)
                    {
                        var address = addresses[(first + a) % addresses.Count];
                        if (IsValidAddress(ns, address)) return (address.Ip, port.Port);
                    }
                }
            }
            return null;
        }

        private bool IsValidAddress(string ns, V1EndpointAddress address) =>
            address.TargetRef is { Kind: "Pod" } target && target.NamespaceProperty == ns
            && store.TryGet(Resource("pods"), ns, target.Name)?.Object is V1Pod pod
            && (pod.Status?.PodIPs ?? []).Any(p => p.Ip == address.Ip);

        /// <summary>
        /// UpgradeAwareHandler: an empty path under GET or HEAD is redirected to "…/proxy/"; otherwise
        /// the remainder (with the request's trailing slash and query) goes to the backend.
        /// </summary>
        private async Task ForwardAsync(HttpContext ctx, string scheme, string ip, string portText)
        {
            var request = ctx.Request;
            var path = request.Path.Value ?? "";
            // "/api/v1/namespaces/NS/pods/NAME/proxy" or "/api/v1/nodes/NAME/proxy", then the remainder.
            var segments = ctx.Request.RouteValues.ContainsKey("namespace") ? 7 : 5;
            var end = 0;
            for (var i = 0; i < segments && end >= 0; i++) end = path.IndexOf('/', end + 1);
            var remainder = end < 0 ? "" : path[end..];
            if (remainder.Length == 0 && request.Method is "GET" or "HEAD")
            {
                ctx.Response.StatusCode = 301;
                ctx.Response.Headers.Location = path + "/" + request.QueryString.Value;
                return;
            }
            scheme = scheme.Length == 0 ? "http" : scheme;
            var port = portText.Length == 0 ? (scheme == "https" ? 443 : 80)
                : int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p
                : portText switch { "http" => 80, "https" => 443, _ => -1 };
            if (port is < 1 or > 65535) throw StatusErrors.ServiceUnavailable($"error trying to reach service: dial tcp: lookup tcp/{portText}: unknown port");
            await request.Body.CopyToAsync(Stream.Null, ctx.RequestAborted).ConfigureAwait(false);
            var client = $"{serving.AdvertiseAddress}:{32768 + random.Next(28232)}";
            var reply = backend.Send(scheme, ip, port, request.Method, (remainder.Length == 0 ? "/" : remainder) + request.QueryString.Value, client);
            if (reply.Answer is not { } answer) throw StatusErrors.ServiceUnavailable($"error trying to reach service: {reply.TransportError}");
            ctx.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers(time.GetUtcNow())) ctx.Response.Headers[name] = value;
            if (request.Method != "HEAD") await ctx.Response.WriteAsync(answer.Body, ctx.RequestAborted).ConfigureAwait(false);
        }

        private static string Route(HttpContext ctx, string key) => ctx.Request.RouteValues[key] as string ?? "";

        private static bool IsGlobalUnicast(IPAddress ip) =>
            !IPAddress.IsLoopback(ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any) && !ip.Equals(IPAddress.Broadcast)
            && !(ip.AddressFamily == AddressFamily.InterNetwork && (ip.GetAddressBytes()[0] >= 224 || ip.GetAddressBytes() is [169, 254, ..]))
            && !(ip.AddressFamily == AddressFamily.InterNetworkV6 && (ip.IsIPv6Multicast || ip.IsIPv6LinkLocal));
    }
}
