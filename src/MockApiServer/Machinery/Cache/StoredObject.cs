using k8s;
using k8s.Models;

namespace MockApiServer.Machinery.Cache;

/// <summary>
/// A committed object as the cache holds it: the typed model and its canonical JSON. Both are
/// shared by every reader and must never be mutated; clone with <see cref="CloneObject"/>.
/// </summary>
public sealed class StoredObject(ResourceDefinition resource, IKubernetesObject<V1ObjectMeta> obj, byte[] json)
{
    public ResourceDefinition Resource { get; } = resource;
    public IKubernetesObject<V1ObjectMeta> Object { get; } = obj;
    public byte[] Json { get; private set; } = json;
    public string Namespace => Object.Metadata.NamespaceProperty ?? "";
    public string Name => Object.Metadata.Name;
    public long ResourceVersion => long.TryParse(Object.Metadata.ResourceVersion, out var rv) ? rv : 0;

    /// <summary>
    /// Sets the revision a shared store gave the write (known only once it committed) and
    /// encodes the object again. Only the writer calls it, before anyone else sees the object.
    /// </summary>
    internal void Stamp(long revision)
    {
        Object.Metadata.ResourceVersion = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Json = KubeJson.SerializeToUtf8Bytes(Object);
    }

    /// <summary>A value read from a shared store: stored without a resourceVersion, served with its revision.</summary>
    internal static StoredObject FromShared(ResourceDefinition resource, byte[] value, long revision)
    {
        var obj = (IKubernetesObject<V1ObjectMeta>)KubeJson.Deserialize(value, resource.ModelType)!;
        var stored = new StoredObject(resource, obj, value);
        stored.Stamp(revision);
        return stored;
    }

    public IKubernetesObject<V1ObjectMeta> CloneObject() => (IKubernetesObject<V1ObjectMeta>)KubeJson.Deserialize(Json, Resource.ModelType)!;

    public T CloneAs<T>() where T : IKubernetesObject<V1ObjectMeta> => (T)CloneObject();
}

/// <summary>One committed change, with the object before it (null for ADDED) for selector transitions.</summary>
public sealed record ChangeEvent(long Revision, WatchEventType Type, StoredObject Object, StoredObject? Previous)
{
    /// <summary>The change's wire forms, encoded once for every watcher.</summary>
    public EncodedForms Encoded { get; } = new();
}
