using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>kube-apiserver's health endpoints: "ok" as text; /readyz only once the store is open and loaded.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("health");
        group.MapGet("/healthz", () => Results.Text("ok")).WithName("healthz");
        group.MapGet("/livez", () => Results.Text("ok")).WithName("livez");
        group.MapGet("/readyz", (ResourceStore store) => store.IsReady
            ? Results.Text("ok")
            : Results.Text("[-]store failed: not ready\nreadyz check failed", statusCode: 500)).WithName("readyz");
        return app;
    }
}
