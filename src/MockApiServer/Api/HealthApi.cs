using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// kube-apiserver's health endpoints: "ok" as text; /readyz only once the store is open and
/// loaded and, on etcd, while etcd answers — /livez does not ask etcd, as kube-apiserver's does
/// not restart a server for a storage outage it can wait out.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("health");
        group.MapGet("/healthz", () => Results.Text("ok")).WithName("healthz");
        group.MapGet("/livez", () => Results.Text("ok")).WithName("livez");
        group.MapGet("/readyz", async (ResourceStore store, CancellationToken ct) =>
        {
            if (!store.IsReady) return Results.Text("[-]store failed: not ready\nreadyz check failed", statusCode: 500);
            var (name, healthy) = await store.CheckStorageAsync(ct).ConfigureAwait(false);
            return healthy ? Results.Text("ok") : Results.Text($"[-]{name} failed: reason withheld\nreadyz check failed", statusCode: 500);
        }).WithName("readyz");
        return app;
    }
}
