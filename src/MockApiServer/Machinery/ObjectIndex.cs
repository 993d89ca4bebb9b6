using k8s;
using k8s.Models;

namespace MockApiServer.Machinery;

/// <summary>
/// A secondary index over one kind, as client-go's Indexers: a name and the keys an object files
/// under. The cache keeps every kind's indexes in each snapshot, updated by the writer with the
/// objects themselves, so a reader's index lookup and its object reads agree on one revision.
/// Keys live per namespace unless <see cref="AcrossNamespaces"/> (pods by node name).
/// </summary>
public sealed record ObjectIndex(string Name, Func<IKubernetesObject<V1ObjectMeta>, IEnumerable<string>> Keys, bool AcrossNamespaces = false)
{
    public const string LabelsName = "labels";
    public const string OwnersName = "metadata.ownerReferences.uid";

    /// <summary>Every kind's objects by each "key=value" of their labels: what selectors look up.</summary>
    public static readonly ObjectIndex Labels = new(LabelsName, o => Pairs(o.Metadata.Labels));

    /// <summary>
    /// Every kind's objects by the uid of each owner in metadata.ownerReferences: a controller's
    /// "pods by owner" and the garbage collector's dependents, looked up instead of scanned.
    /// </summary>
    public static readonly ObjectIndex Owners = new(OwnersName, o => o.Metadata.OwnerReferences is { Count: > 0 } refs ? refs.Select(r => r.Uid) : []);

    /// <summary>The indexes every kind has: labels and owners.</summary>
    public static readonly IReadOnlyList<ObjectIndex> Default = [Labels, Owners];

    /// <summary>"key=value", the form <see cref="Labels"/> and selector-valued indexes file under.</summary>
    public static string Pair(string key, string value) => string.Concat(key, "=", value);

    public static IEnumerable<string> Pairs(IDictionary<string, string>? map) =>
        map is null || map.Count == 0 ? [] : map.Select(p => Pair(p.Key, p.Value));
}
