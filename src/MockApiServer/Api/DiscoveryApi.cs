using System.Text.Json;
using System.Text.Json.Nodes;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// /version, /api, /api/v1, /apis and /apis/{group}/{version}: legacy discovery for every client,
/// and aggregated discovery (apidiscovery.k8s.io v2 or v2beta1, whichever the client offers).
/// </summary>
public static class DiscoveryApi
{
    private const string AggregatedMediaType = "application/json;g=apidiscovery.k8s.io;v={0};as=APIGroupDiscoveryList";

    public static IEndpointRouteBuilder MapDiscoveryApi(this IEndpointRouteBuilder app, ResourceRegistry registry)
    {
        var group = app.MapGroup("").WithTags("discovery");
        group.MapGet("/version", (VersionOptions o) => Json(VersionInfo(o))).WithName("getCodeVersion");
        group.MapGet("/api", (HttpContext ctx) => Core(ctx, registry)).WithName("getCoreAPIVersions");
        group.MapGet("/apis", (HttpContext ctx) => Groups(ctx, registry)).WithName("getAPIVersions");
        // Per group and group-version, regenerated as kinds come and go (custom resources).
        app.DataSources.Add(new RegistryEndpointDataSource(app.ServiceProvider, registry, MapGroupVersions));
        return app;
    }

    private static void MapGroupVersions(IEndpointRouteBuilder app, IReadOnlyList<ResourceDefinition> all)
    {
        var group = app.MapGroup("").WithTags("discovery");
        foreach (var gv in all.GroupBy(r => r.ApiVersion))
        {
            var resources = gv.ToList();
            var first = resources[0];
            group.MapGet(first.GroupVersionPath, () => Json(ResourceList(gv.Key, resources))).WithName($"get{first.OperationGroup}APIResources");
        }
        foreach (var named in all.Where(r => r.Group.Length > 0).GroupBy(r => r.Group))
        {
            var versions = Versions(named);
            var first = named.First();
            group.MapGet($"/apis/{named.Key}", () => Json(GroupObject(named.Key, versions))).WithName($"get{first.OperationGroup[..^first.Version.Length]}APIGroup");
        }
    }

    /// <summary>A group's served versions, the preferred (the storage version's) first.</summary>
    private static List<string> Versions(IEnumerable<ResourceDefinition> group) =>
        [.. group.OrderBy(r => r.IsStorageVersion ? 0 : 1).Select(r => r.Version).Distinct()];

    private static IResult Json(object body) => Results.Text(JsonSerializer.Serialize(body), "application/json");

    public static object VersionInfo(VersionOptions options) => new Dictionary<string, string>
    {
        ["major"] = options.KubernetesMajor,
        ["minor"] = options.KubernetesMinor,
        ["gitVersion"] = options.KubernetesVersion,
        ["gitCommit"] = "mockapiserver",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-11-26T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private static IResult Core(HttpContext ctx, ResourceRegistry registry)
    {
        if (AggregatedVersion(ctx) is { } v) return Aggregated(v, registry.All.Where(r => r.Group.Length == 0));
        var host = ctx.Request.Host.HasValue ? ctx.Request.Host.Value : "127.0.0.1:8080";
        return Json(new
        {
            kind = "APIVersions",
            versions = new[] { "v1" },
            serverAddressByClientCIDRs = new[] { new { clientCIDR = "0.0.0.0/0", serverAddress = host } },
        });
    }

    private static IResult Groups(HttpContext ctx, ResourceRegistry registry)
    {
        var named = registry.All.Where(r => r.Group.Length > 0).ToList();
        if (AggregatedVersion(ctx) is { } v) return Aggregated(v, named);
        return Json(new
        {
            kind = "APIGroupList",
            apiVersion = "v1",
            groups = named.GroupBy(r => r.Group).Select(g => GroupObject(g.Key, Versions(g), withTypeMeta: false)).ToArray(),
        });
    }

    private static object GroupObject(string group, IReadOnlyList<string> versions, bool withTypeMeta = true)
    {
        var gvs = versions.Select(version => new { groupVersion = $"{group}/{version}", version }).ToArray();
        return withTypeMeta
            ? new { kind = "APIGroup", apiVersion = "v1", name = group, versions = gvs, preferredVersion = gvs[0] }
            : new { name = group, versions = gvs, preferredVersion = gvs[0] };
    }

    private static object ResourceList(string groupVersion, IEnumerable<ResourceDefinition> resources)
    {
        var list = new List<object>();
        foreach (var r in resources)
        {
            list.Add(new
            {
                name = r.Plural,
                singularName = r.Singular,
                namespaced = r.Namespaced,
                kind = r.Kind,
                verbs = r.Verbs,
                shortNames = r.ShortNames.Count > 0 ? r.ShortNames : null,
                categories = r.Categories.Count > 0 ? r.Categories : null,
            });
            foreach (var (sub, kind, verbs) in Subresources(r))
                if (kind == "Scale")
                    list.Add(new { name = $"{r.Plural}/{sub}", singularName = "", namespaced = r.Namespaced, group = ScaleApi.Group, version = ScaleApi.Version, kind, verbs });
                else
                    list.Add(new { name = $"{r.Plural}/{sub}", singularName = "", namespaced = r.Namespaced, kind, verbs });
        }
        return new { kind = "APIResourceList", apiVersion = "v1", groupVersion, resources = list };
    }

    /// <summary>Subresources a kind serves, from its strategy and the optional extra routes it declares.</summary>
    public static IEnumerable<(string Name, string Kind, string[] Verbs)> Subresources(ResourceDefinition r)
    {
        if (r.Strategy.HasStatus) yield return ("status", r.Kind, ["get", "patch", "update"]);
        foreach (var extra in r.Subresources) yield return extra;
    }

    private static string? AggregatedVersion(HttpContext ctx)
    {
        var accept = ctx.Request.Headers.Accept.ToString();
        if (!accept.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal)) return null;
        foreach (var part in accept.Split(','))
        {
            if (!part.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal)) continue;
            if (part.Contains("v=v2beta1", StringComparison.Ordinal)) return "v2beta1";
            if (part.Contains("v=v2", StringComparison.Ordinal)) return "v2";
        }
        return null;
    }

    private static IResult Aggregated(string version, IEnumerable<ResourceDefinition> resources)
    {
        var items = new JsonArray();
        foreach (var group in resources.GroupBy(r => r.Group))
        {
            var versions = new JsonArray();
            foreach (var gv in group.GroupBy(r => r.Version))
            {
                var list = new JsonArray();
                foreach (var r in gv)
                {
                    var entry = new JsonObject
                    {
                        ["resource"] = r.Plural,
                        ["responseKind"] = new JsonObject { ["group"] = r.Group, ["version"] = r.Version, ["kind"] = r.Kind },
                        ["scope"] = r.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = r.Singular,
                        ["verbs"] = new JsonArray(r.Verbs.Select(v => (JsonNode)v!).ToArray()),
                    };
                    if (r.ShortNames.Count > 0) entry["shortNames"] = new JsonArray(r.ShortNames.Select(s => (JsonNode)s!).ToArray());
                    if (r.Categories.Count > 0) entry["categories"] = new JsonArray(r.Categories.Select(s => (JsonNode)s!).ToArray());
                    var subs = new JsonArray();
                    foreach (var (sub, kind, verbs) in Subresources(r))
                    {
                        subs.Add(new JsonObject
                        {
                            ["subresource"] = sub,
                            ["responseKind"] = kind == "Scale"
                                ? new JsonObject { ["group"] = ScaleApi.Group, ["version"] = ScaleApi.Version, ["kind"] = kind }
                                : new JsonObject { ["group"] = r.Group, ["version"] = r.Version, ["kind"] = kind },
                            ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v!).ToArray()),
                        });
                    }
                    if (subs.Count > 0) entry["subresources"] = subs;
                    list.Add(entry);
                }
                versions.Add(new JsonObject { ["version"] = gv.Key, ["resources"] = list, ["freshness"] = "Current" });
            }
            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (group.Key.Length > 0) metadata["name"] = group.Key;
            items.Add(new JsonObject { ["metadata"] = metadata, ["versions"] = versions });
        }
        var body = new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = $"apidiscovery.k8s.io/{version}",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
        return Results.Text(body.ToJsonString(), string.Format(System.Globalization.CultureInfo.InvariantCulture, AggregatedMediaType, version));
    }
}
