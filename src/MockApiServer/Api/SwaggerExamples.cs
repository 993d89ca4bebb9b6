using System.Text.Json.Nodes;

namespace MockApiServer.Api;

/// <summary>Request examples for Swagger UI: the seed story's objects (samples/seed-story), by kind.</summary>
public static class SwaggerExamples
{
    private static readonly Dictionary<string, string> ByKind = new(StringComparer.Ordinal)
    {
        ["Pod"] = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"frontend-1","labels":{"app":"frontend"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"name":"http","containerPort":5000}]}]}}""",
        ["Service"] = """{"apiVersion":"v1","kind":"Service","metadata":{"name":"frontend-svc"},"spec":{"type":"NodePort","selector":{"app":"frontend"},"ports":[{"port":80,"targetPort":5000,"nodePort":32233}]}}""",
        ["Namespace"] = """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"my-ns"}}""",
        ["Endpoints"] = """{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"external-db"},"subsets":[{"addresses":[{"ip":"192.0.2.10"}],"ports":[{"port":5432}]}]}""",
        ["RouteReview"] = """{"apiVersion":"mockapi.dev/v1","kind":"RouteReview","spec":{"sourceIP":"192.168.1.10","destination":"frontend-svc.default:80"}}""",
        ["DNSQuery"] = """{"apiVersion":"mockapi.dev/v1","kind":"DNSQuery","spec":{"name":"redis-master","fromNamespace":"my-ns"}}""",
    };

    /// <summary>The example body for a kind, or null when there is none.</summary>
    public static JsonNode? For(string kind) => ByKind.TryGetValue(kind, out var json) ? JsonNode.Parse(json) : null;
}
