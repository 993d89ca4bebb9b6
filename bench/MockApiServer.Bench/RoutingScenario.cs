using System.Diagnostics;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking.Routing;

namespace MockApiServer.Bench;

/// <summary>The kube-proxy model in process: 1,000 Services × 10 endpoints on 3 nodes.</summary>
public static class RoutingScenario
{
    private static readonly string ClusterCidr = new MockApiServer.Simulation.ClusterOptions().ClusterCidr;

    public static void Run()
    {
        var nodes = Enumerable.Range(1, 3).Select(n => new V1Node
        {
            Metadata = new V1ObjectMeta { Name = $"node-{n}", Uid = $"n{n}", ResourceVersion = "1" },
            Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "InternalIP", Address = $"172.18.0.{n + 1}" }] },
        }).ToList();
        var services = new List<V1Service>();
        var slices = new List<V1EndpointSlice>();
        for (var s = 0; s < 1000; s++)
        {
            var ip = $"10.96.{s / 250 + 1}.{s % 250 + 1}";
            services.Add(new V1Service
            {
                Metadata = new V1ObjectMeta { Name = $"svc-{s}", NamespaceProperty = "default", Uid = $"s{s}", ResourceVersion = "1" },
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP",
                    ClusterIP = ip,
                    ClusterIPs = [ip],
                    Selector = new Dictionary<string, string> { ["app"] = $"a{s}" },
                    Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = 8080, Protocol = "TCP" }]
                },
            });
            slices.Add(Slice(s, 1));
        }
        var started = Stopwatch.GetTimestamp();
        var table = RoutingTableBuilder.Build(services, slices, nodes, ClusterCidr);
        var build = Stopwatch.GetElapsedTime(started);

        slices[500] = Slice(500, 2);
        started = Stopwatch.GetTimestamp();
        var rebuilt = RoutingTableBuilder.Build(services, slices, nodes, ClusterCidr, previous: table);
        var rebuild = Stopwatch.GetElapsedTime(started);

        var resolver = new RouteResolver(new FixedRoutingTable(rebuilt), new RandomSource(1), new SessionAffinity(TimeProvider.System));
        var source = new RouteSource("10.244.1.50", "node-1", IsPod: true);
        const int lookups = 1_000_000;
        started = Stopwatch.GetTimestamp();
        var routed = 0;
        for (var i = 0; i < lookups; i++)
            if (resolver.Resolve(source, services[i % 1000].Spec.ClusterIP, 80).Succeeded) routed++;
        var perSecond = lookups / Stopwatch.GetElapsedTime(started).TotalSeconds;
        Scenarios.Row("routing table, 1,000 Services × 10 endpoints × 3 nodes (in process)",
            $"build {build.TotalMilliseconds:F1} ms; rebuild after one slice change {rebuild.TotalMilliseconds:F1} ms; {perSecond:N0} lookups/s ({routed:N0} routed)",
            "≥ 1M lookups/s; rebuild < 10 ms");
    }

    private static V1EndpointSlice Slice(int s, int generation) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = $"svc-{s}-abcde",
            NamespaceProperty = "default",
            Uid = $"e{s}",
            ResourceVersion = generation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = $"svc-{s}" },
        },
        AddressType = "IPv4",
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
        Endpoints = Enumerable.Range(0, 10).Select(e => new V1Endpoint
        {
            Addresses = [$"10.244.{e % 3 + 1}.{(s * 10 + e) % 250 + 2}"],
            Conditions = new V1EndpointConditions { Ready = true, Serving = true, Terminating = false },
            NodeName = $"node-{e % 3 + 1}",
            TargetRef = new V1ObjectReference { Kind = "Pod", Name = $"p{s}-{e}", NamespaceProperty = "default" },
        }).ToList(),
    };
}
