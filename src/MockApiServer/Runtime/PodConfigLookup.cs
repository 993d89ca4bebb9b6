using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Runtime;

/// <summary>
/// The ConfigMaps and Secrets a pod's env and volumes name, as the kubelet's configMap and secret
/// managers fetch them: read from the store's current snapshot when asked.
/// </summary>
public interface IPodConfigLookup
{
    V1ConfigMap? ConfigMap(string ns, string name);

    V1Secret? Secret(string ns, string name);
}

/// <summary>The lookup over the store.</summary>
public sealed class StorePodConfigLookup(ResourceStore store) : IPodConfigLookup
{
    public V1ConfigMap? ConfigMap(string ns, string name) => store.TryGet(store.Registry.Get("", "configmaps"), ns, name)?.Object as V1ConfigMap;

    public V1Secret? Secret(string ns, string name) => store.TryGet(store.Registry.Get("", "secrets"), ns, name)?.Object as V1Secret;
}
