using k8s;
using k8s.Models;

namespace MockApiServer.Machinery;

/// <summary>
/// Everything the generic machinery knows about one kind: names, scope, model type and strategy.
/// Two definitions are equal when they name the same group-resource: the cache, the watch hub and
/// storage key objects by it, so a custom resource's definition replaced at run time (a CRD
/// update) and its other served versions reach the same objects.
/// </summary>
public sealed class ResourceDefinition : IEquatable<ResourceDefinition>
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Kind { get; init; }
    public required string Plural { get; init; }
    public required bool Namespaced { get; init; }
    public required Type ModelType { get; init; }
    public required IResourceStrategy Strategy { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>The OpenAPI v3 schema published for the kind when its model type does not describe it (a CRD version's openAPIV3Schema).</summary>
    public System.Text.Json.Nodes.JsonObject? Schema { get; init; }

    /// <summary>False for a served version that is not the one its objects are stored in (a CRD's other versions).</summary>
    public bool IsStorageVersion { get; init; } = true;
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The secondary indexes the cache keeps for this kind; every kind is indexed by its labels and owners.</summary>
    public IReadOnlyList<ObjectIndex> Indexes { get; init; } = ObjectIndex.Default;

    /// <summary>The singular name; the lower-cased kind unless the kind says otherwise (a CRD's names.singular).</summary>
    public string? SingularName { get; init; }

    public string Singular => SingularName ?? Kind.ToLowerInvariant();
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string ListKind => Kind + "List";

    /// <summary>"pods", or "endpointslices.discovery.k8s.io" outside the core group.</summary>
    public string GroupResource => StatusErrors.Qualified(Group, Plural);

    /// <summary>The URL prefix of this kind's group-version: /api/v1 or /apis/{group}/{version}.</summary>
    public string GroupVersionPath => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    /// <summary>The operation-id infix Kubernetes uses: CoreV1, DiscoveryV1, MockapiDevV1.</summary>
    public string OperationGroup
    {
        get
        {
            // Kubernetes drops the ".k8s.io" suffix and camel-cases the rest: discovery.k8s.io → Discovery.
            var group = Group.Length == 0 ? "core" : Group.EndsWith(".k8s.io", StringComparison.Ordinal) ? Group[..^".k8s.io".Length] : Group;
            return string.Concat(group.Split('.').Select(Capitalize)) + Capitalize(Version);
        }
    }

    /// <summary>Subresources beyond status (log, exec, binding…): name, response kind, verbs.</summary>
    public IReadOnlyList<(string Name, string Kind, string[] Verbs)> Subresources { get; init; } = [];

    public IReadOnlyList<string> Verbs
    {
        get => _verbs ?? (IsReview ? ["create"] : ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
        init => _verbs = value;
    }

    /// <summary>A create-only kind whose POST computes an answer and stores nothing (see <see cref="IReviewStrategy"/>).</summary>
    public bool IsReview => Strategy is IReviewStrategy;

    private readonly IReadOnlyList<string>? _verbs;

    public IKubernetesObject<V1ObjectMeta> NewObject() => (IKubernetesObject<V1ObjectMeta>)Activator.CreateInstance(ModelType)!;

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    public override string ToString() => GroupResource;

    public bool Equals(ResourceDefinition? other) => other is not null && other.Group == Group && other.Plural == Plural;

    public override bool Equals(object? obj) => Equals(obj as ResourceDefinition);

    public override int GetHashCode() => HashCode.Combine(Group, Plural);

    public static bool operator ==(ResourceDefinition? a, ResourceDefinition? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(ResourceDefinition? a, ResourceDefinition? b) => !(a == b);
}
