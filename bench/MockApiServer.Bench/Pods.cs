using System.Text;
using System.Text.Json;

namespace MockApiServer.Bench;

/// <summary>Request bodies for the scenarios.</summary>
public static class Pods
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static StringContent Pod(string name, string app = "bench", string? annotation = null) => Json(new
    {
        apiVersion = "v1",
        kind = "Pod",
        metadata = new { name, labels = new Dictionary<string, string> { ["app"] = app }, annotations = annotation is null ? null : new Dictionary<string, string> { ["sent"] = annotation } },
        spec = new { containers = new[] { new { name = "web", image = "nginx:1.27", ports = new[] { new { containerPort = 5000 } } } } },
    });

    public static StringContent NodePortService(string name) => Json(new
    {
        apiVersion = "v1",
        kind = "Service",
        metadata = new { name },
        spec = new { type = "NodePort", selector = new Dictionary<string, string> { ["app"] = name }, ports = new[] { new { port = 80, targetPort = 5000 } } },
    });

    public static StringContent Service(string name, string app) => Json(new
    {
        apiVersion = "v1",
        kind = "Service",
        metadata = new { name },
        spec = new { selector = new Dictionary<string, string> { ["app"] = app }, ports = new[] { new { port = 80, targetPort = 5000 } } },
    });

    public static StringContent Namespace(string name) => Json(new { apiVersion = "v1", kind = "Namespace", metadata = new { name } });
}
