using MockApiServer.Machinery;

namespace MockApiServer.Api.Protobuf;

public enum ProtoLabel { Optional, Repeated, Map }

public enum ProtoKind { String, Bytes, Bool, Int32, Int64, Double, Float, Message }

[Flags]
public enum ProtoFlags { None = 0, Pointer = 1, OmitEmpty = 2, Inline = 4 }

/// <summary>
/// One field of an upstream message: its number, the JSON name of the Go field, how it repeats,
/// its type (a map's is its value's; keys are always strings), and the Go field's pointer,
/// omitempty and inline tags, which decide what a zero value on the wire means in JSON.
/// </summary>
public sealed record ProtoField(int Number, string JsonName, ProtoLabel Label, ProtoKind Kind, string? Message, ProtoFlags Flags)
{
    public bool Has(ProtoFlags flag) => (Flags & flag) == flag;
}

/// <summary>The messages of the kinds this server serves, by full name, from <c>ProtoSchema.g.cs</c>.</summary>
internal static partial class ProtoSchema
{
    private static readonly Dictionary<string, ProtoField[]> Messages = Generated();

    private static readonly Dictionary<string, Dictionary<int, ProtoField>> ByNumber =
        Messages.ToDictionary(m => m.Key, m => m.Value.ToDictionary(f => f.Number), StringComparer.Ordinal);

    public const string Meta = "k8s.io.apimachinery.pkg.apis.meta.v1.";

    public static ProtoField[] Fields(string message) => Messages[message];

    public static ProtoField? Field(string message, int number) => ByNumber[message].GetValueOrDefault(number);

    public static bool Has(string message) => Messages.ContainsKey(message);

    /// <summary>The message of a built-in kind (k8s.io.api.core.v1.Pod); null for kinds with none (ours, like CRDs).</summary>
    public static string? MessageOf(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        // metav1's kinds are registered in every group version (AddToGroupVersion).
        if (group == "meta.k8s.io" || kind is "Status" or "DeleteOptions" or "WatchEvent")
            return Has(Meta + kind) ? Meta + kind : null;
        if (group.Length > 0 && !group.EndsWith(".k8s.io", StringComparison.Ordinal) && group.Contains('.')) return null;
        var name = $"k8s.io.api.{(group.Length == 0 ? "core" : group.Split('.')[0])}.{version}.{kind}";
        return Has(name) ? name : null;
    }

    public static string? MessageOf(ResourceDefinition resource) => MessageOf(resource.ApiVersion, resource.Kind);

    public static string? ListMessageOf(ResourceDefinition resource) => MessageOf(resource.ApiVersion, resource.ListKind);
}
