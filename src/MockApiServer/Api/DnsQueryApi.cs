using System.Text.Json.Nodes;
using MockApiServer.Machinery;
using MockApiServer.Resources.DnsQueries;

namespace MockApiServer.Api;

/// <summary>
/// POST-only routes of the DNSQuery review (mockapi.dev/v1): the computed object comes back with
/// 201 and nothing is stored, like SubjectAccessReview. The namespaced route resolves from that
/// namespace unless the spec says otherwise.
/// </summary>
public static class DnsQueryApi
{
    private const string Collection = "/apis/" + V1DnsQuery.KubeApiVersion + "/" + V1DnsQuery.KubePlural;
    private const string NamespacedCollection = "/apis/" + V1DnsQuery.KubeApiVersion + "/namespaces/{namespace}/" + V1DnsQuery.KubePlural;

    public static IEndpointRouteBuilder MapDnsQueryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags($"{V1DnsQuery.KubeApiVersion} {V1DnsQuery.KubeKind}");
        group.MapPost(Collection, (HttpContext ctx) => CreateAsync(ctx, null)).WithName("createMockapiDevV1DNSQuery");
        group.MapPost(NamespacedCollection, (HttpContext ctx, string @namespace) => CreateAsync(ctx, @namespace)).WithName("createMockapiDevV1NamespacedDNSQuery");
        return app;
    }

    private static async Task CreateAsync(HttpContext ctx, string? ns)
    {
        var body = await RequestBody.ReadBytesAsync(ctx).ConfigureAwait(false);
        var tree = (JsonObject)RequestBody.ParseTree(body, RequestBody.MediaType(ctx));
        RequestBody.CheckTypeMeta(tree, V1DnsQuery.KubeApiVersion, V1DnsQuery.KubeKind);
        V1DnsQuery query;
        try
        {
            query = (V1DnsQuery?)KubeJson.Deserialize(tree, typeof(V1DnsQuery)) ?? new V1DnsQuery();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw StatusErrors.BadRequest($"{V1DnsQuery.KubeKind} in version \"{V1DnsQuery.KubeVersion}\" cannot be handled as a {V1DnsQuery.KubeKind}: {e.Message}");
        }
        if (ns is not null) query.Metadata.NamespaceProperty = ns;
        var review = ctx.RequestServices.GetRequiredService<DnsQueryReview>();
        await ctx.RequestServices.GetRequiredService<Responses>().ModelAsync(ctx, review.Review(query, ns), 201).ConfigureAwait(false);
    }
}
