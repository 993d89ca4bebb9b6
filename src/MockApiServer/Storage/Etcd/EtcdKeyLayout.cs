using System.Globalization;
using System.Text;

namespace MockApiServer.Storage.Etcd;

/// <summary>
/// Where values live in etcd, as kube-apiserver lays them out: <c>{prefix}/{path}/{namespace}/{name}</c>
/// (<c>{prefix}/{path}/{name}</c> when cluster-scoped). The path is the resource's plural for the
/// built-in groups (core, the no-dot groups such as apps, and <c>*.k8s.io</c>) with kube-apiserver's
/// own exceptions (<c>services/specs</c>, <c>services/endpoints</c>, <c>minions</c>,
/// <c>controllers</c>, <c>ingress</c>), and <c>{group}/{plural}</c> for any other group, as a
/// custom resource's. Allocations are one key per taken value,
/// <c>{prefix}/mockapi.dev/allocations/{range}/{value}</c> holding the owner, so two replicas
/// taking different values never touch the same key and two taking the same one race on a
/// create (<c>create_revision = 0</c>).
/// </summary>
public sealed class EtcdKeyLayout
{
    private static readonly Dictionary<string, string> Overrides = new(StringComparer.Ordinal)
    {
        ["services"] = "services/specs",
        ["endpoints"] = "services/endpoints",
        ["nodes"] = "minions",
        ["replicationcontrollers"] = "controllers",
        ["ingresses.networking.k8s.io"] = "ingress",
    };

    private readonly Dictionary<string, string> _pathOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _resourceOf = new(StringComparer.Ordinal);

    /// <param name="prefix">The root every key is under (<c>--etcd-prefix</c>), without a trailing slash.</param>
    /// <param name="resources">Every group resource stored ("pods", "deployments.apps"); keys of other resources are not this server's and are skipped.</param>
    public EtcdKeyLayout(string prefix, IEnumerable<string> resources)
    {
        Prefix = prefix.TrimEnd('/');
        foreach (var resource in resources)
        {
            var path = PathFor(resource);
            _pathOf[resource] = path;
            _resourceOf.TryAdd(path, resource);
        }
    }

    public string Prefix { get; }

    /// <summary>Every key of ours starts with this (the prefix and a slash).</summary>
    public string Root => Prefix + "/";

    public string AllocationRoot => $"{Root}mockapi.dev/allocations/";

    public static string PathFor(string groupResource)
    {
        if (Overrides.TryGetValue(groupResource, out var path)) return path;
        var dot = groupResource.IndexOf('.');
        if (dot < 0) return groupResource;
        var group = groupResource[(dot + 1)..];
        var plural = groupResource[..dot];
        return group.Contains('.') && !group.EndsWith(".k8s.io", StringComparison.Ordinal) ? $"{group}/{plural}" : plural;
    }

    public string Key(StorageKey key) =>
        key.Namespace.Length == 0 ? $"{Root}{Path(key.Resource)}/{key.Name}" : $"{Root}{Path(key.Resource)}/{key.Namespace}/{key.Name}";

    /// <summary>The directory a list reads: one resource, optionally one namespace; every key when the resource is null.</summary>
    public string Directory(string? resource, string? ns) =>
        resource is null ? Root : ns is null ? $"{Root}{Path(resource)}/" : $"{Root}{Path(resource)}/{ns}/";

    public string AllocationKey(string range, long value) => $"{AllocationRoot}{range}/{value.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The object a key holds, or null for a key that is not one of ours (an allocation, another program's).</summary>
    public StorageKey? Parse(string key)
    {
        if (!key.StartsWith(Root, StringComparison.Ordinal)) return null;
        var rest = key[Root.Length..];
        var parts = rest.Split('/');
        // The longest path first: services/specs before a resource named "services".
        for (var take = Math.Min(parts.Length - 1, 2); take >= 1; take--)
        {
            if (!_resourceOf.TryGetValue(string.Join('/', parts[..take]), out var resource)) continue;
            return (parts.Length - take) switch
            {
                1 => new StorageKey(resource, "", parts[take]),
                2 => new StorageKey(resource, parts[take], parts[take + 1]),
                _ => null,
            };
        }
        return null;
    }

    /// <summary>The range and value an allocation key stands for, or null.</summary>
    public (string Range, long Value)? ParseAllocation(string key)
    {
        if (!key.StartsWith(AllocationRoot, StringComparison.Ordinal)) return null;
        var rest = key[AllocationRoot.Length..];
        var slash = rest.LastIndexOf('/');
        if (slash <= 0 || !long.TryParse(rest[(slash + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return null;
        return (rest[..slash], value);
    }

    /// <summary>etcd's range end for "every key starting with <paramref name="prefix"/>": the prefix with its last byte incremented.</summary>
    public static byte[] RangeEnd(string prefix)
    {
        var end = Encoding.UTF8.GetBytes(prefix);
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }
        return [0];
    }

    private string Path(string resource) => _pathOf.TryGetValue(resource, out var path) ? path : PathFor(resource);
}
