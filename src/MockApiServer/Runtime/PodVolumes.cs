using System.Text;
using k8s.Models;

namespace MockApiServer.Runtime;

/// <summary>
/// The kubelet's configMap, secret and projected volumes: each key (or each listed item, at its
/// path) a file under the container's mount path, a subPath mount the one file. Read from the
/// current objects, as the kubelet keeps such volumes in sync (a subPath mount is not refreshed
/// by a real kubelet; here it follows the object too).
/// </summary>
public static class PodVolumes
{
    /// <summary>
    /// The first volume the kubelet could not set up (a missing ConfigMap or Secret, or a listed
    /// key it lacks, when not optional): its name and the error of MountVolume.SetUp; null when all can be.
    /// </summary>
    public static (string Volume, string Error)? SetUpError(V1Pod pod, IPodConfigLookup config)
    {
        foreach (var volume in pod.Spec?.Volumes ?? [])
            if (Payload(volume, pod.Metadata.NamespaceProperty ?? "default", config).Error is { } error) return (volume.Name, error);
        return null;
    }

    /// <summary>The files the container's volume mounts show, by absolute path.</summary>
    public static IReadOnlyDictionary<string, string> Files(V1Pod pod, V1Container container, IPodConfigLookup config)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var volumes = (pod.Spec?.Volumes ?? []).ToDictionary(v => v.Name, StringComparer.Ordinal);
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(mount.Name, out var volume)) continue;
            var payload = Payload(volume, pod.Metadata.NamespaceProperty ?? "default", config).Files;
            var root = ContainerFileSystem.Normalize(mount.MountPath ?? "/");
            if (!string.IsNullOrEmpty(mount.SubPath))
            {
                if (payload.TryGetValue(mount.SubPath, out var content)) files[root] = content;
                continue;
            }
            foreach (var (path, content) in payload) files[ContainerFileSystem.Normalize(path, root)] = content;
        }
        return files;
    }

    private static (IReadOnlyDictionary<string, string> Files, string? Error) Payload(V1Volume volume, string ns, IPodConfigLookup config)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        string? error = null;
        if (volume.ConfigMap is { } cm) error = AddConfigMap(files, ns, cm.Name, cm.Items, cm.Optional == true, config);
        else if (volume.Secret is { } secret) error = AddSecret(files, ns, secret.SecretName, secret.Items, secret.Optional == true, config);
        else if (volume.Projected is { } projected)
        {
            foreach (var source in projected.Sources ?? [])
            {
                if (source.ConfigMap is { } pcm) error ??= AddConfigMap(files, ns, pcm.Name, pcm.Items, pcm.Optional == true, config);
                else if (source.Secret is { } ps) error ??= AddSecret(files, ns, ps.Name, ps.Items, ps.Optional == true, config);
            }
        }
        return (files, error);
    }

    private static string? AddConfigMap(Dictionary<string, string> files, string ns, string name, IList<V1KeyToPath>? items, bool optional, IPodConfigLookup config)
    {
        if (config.ConfigMap(ns, name) is not { } cm) return optional ? null : $"configmap \"{name}\" not found";
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in cm.Data ?? new Dictionary<string, string>()) data[k] = v ?? "";
        foreach (var (k, v) in cm.BinaryData ?? new Dictionary<string, byte[]>()) data[k] = Encoding.UTF8.GetString(v ?? []);
        return Project(files, data, items, optional, "configmap references non-existent config key");
    }

    private static string? AddSecret(Dictionary<string, string> files, string ns, string name, IList<V1KeyToPath>? items, bool optional, IPodConfigLookup config)
    {
        if (config.Secret(ns, name) is not { } secret) return optional ? null : $"secret \"{name}\" not found";
        var data = (secret.Data ?? new Dictionary<string, byte[]>()).ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(p.Value ?? []), StringComparer.Ordinal);
        return Project(files, data, items, optional, "secret references non-existent secret key");
    }

    /// <summary>volumeutil's MakePayload: every key, or only the items at their paths.</summary>
    private static string? Project(Dictionary<string, string> files, Dictionary<string, string> data, IList<V1KeyToPath>? items, bool optional, string missingKey)
    {
        if (items is not { Count: > 0 })
        {
            foreach (var (k, v) in data) files[k] = v;
            return null;
        }
        foreach (var item in items)
        {
            if (data.TryGetValue(item.Key, out var content)) files[item.Path] = content;
            else if (!optional) return $"{missingKey}: {item.Key}";
        }
        return null;
    }
}
