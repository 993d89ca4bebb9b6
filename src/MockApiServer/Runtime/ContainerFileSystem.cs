using System.Collections.Concurrent;

namespace MockApiServer.Runtime;

/// <summary>
/// One container instance's writable files (what <c>echo ok &gt; /tmp/healthy</c>, <c>touch</c>,
/// <c>mkdir</c> and <c>kubectl cp</c> create), over the files the kubelet manages and the image's
/// standard directories, with the container's volume files mounted read-only on top (<see cref="Mount"/>).
/// Paths are absolute and normalised; directories exist when made or when a file is below them.
/// Lost when the container restarts, as a container's writable layer is. Thread-safe.
/// </summary>
public sealed class ContainerFileSystem
{
    /// <summary>The directories every image here has.</summary>
    private static readonly string[] ImageDirectories = ["/", "/bin", "/dev", "/etc", "/home", "/proc", "/root", "/sbin", "/tmp", "/usr", "/usr/bin", "/usr/local", "/usr/local/bin", "/usr/sbin", "/var", "/var/log", "/var/run", "/var/run/secrets", "/var/run/secrets/kubernetes.io", "/var/run/secrets/kubernetes.io/serviceaccount"];

    private readonly ConcurrentDictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _directories = new(ImageDirectories.ToDictionary(d => d, _ => (byte)0), StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<string, string> _mounted = new Dictionary<string, string>();

    /// <summary>Replaces the mounted volume files (absolute path to content), as the kubelet refreshes its volumes.</summary>
    public void Mount(IReadOnlyDictionary<string, string> files) => _mounted = files;

    /// <summary>A mounted or written file's content, or null (the caller falls back to the kubelet's files).</summary>
    public string? Read(string path)
    {
        var p = Normalize(path);
        return _mounted.TryGetValue(p, out var mounted) ? mounted : _files.GetValueOrDefault(p);
    }

    public bool IsDirectory(string path)
    {
        var p = Normalize(path);
        var prefix = p == "/" ? "/" : p + "/";
        return _directories.ContainsKey(p) || _files.Keys.Concat(_mounted.Keys).Any(f => f.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Writes (or appends to) a file; false when its directory does not exist or the file is a mounted (read-only) one.</summary>
    public bool Write(string path, string content, bool append = false)
    {
        var p = Normalize(path);
        if (!IsDirectory(Parent(p)) || IsDirectory(p) || _mounted.ContainsKey(p)) return false;
        _files.AddOrUpdate(p, content, (_, old) => append ? old + content : content);
        return true;
    }

    public bool Delete(string path) => _files.TryRemove(Normalize(path), out _);

    /// <summary>mkdir; with <paramref name="parents"/> the missing parents too. False when the parent is missing.</summary>
    public bool MakeDirectory(string path, bool parents)
    {
        var p = Normalize(path);
        if (!parents && !IsDirectory(Parent(p))) return false;
        for (var d = p; d != "/"; d = Parent(d)) _directories.TryAdd(d, 0);
        return true;
    }

    /// <summary>The names directly in a directory (files written here and directories), sorted.</summary>
    public IReadOnlyList<string> List(string directory)
    {
        var prefix = Normalize(directory) is "/" ? "/" : Normalize(directory) + "/";
        return _files.Keys.Concat(_directories.Keys).Concat(_mounted.Keys)
            .Where(p => p.Length > prefix.Length && p.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => p[prefix.Length..].Split('/')[0])
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every written file under a directory, for tar.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FilesUnder(string directory)
    {
        var d = Normalize(directory);
        var prefix = d == "/" ? "/" : d + "/";
        return _files.Where(f => !_mounted.ContainsKey(f.Key)).Concat(_mounted)
            .Where(f => f.Key == d || f.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>"/tmp/x" for "/tmp//./x/" and for "x" relative to <paramref name="cwd"/>; ".." goes up.</summary>
    public static string Normalize(string path, string cwd = "/")
    {
        var full = path.StartsWith('/') ? path : cwd.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    private static string Parent(string path) => path == "/" ? "/" : path[..Math.Max(1, path.LastIndexOf('/'))];
}

/// <summary>The file systems of every container instance, by pod uid, container name and container ID.</summary>
public sealed class ContainerFileSystems
{
    private readonly ConcurrentDictionary<(string Uid, string Container), (string ContainerId, ContainerFileSystem Files)> _byContainer = new();

    /// <summary>The instance's file system; a new container ID (a restart) starts from the image again.</summary>
    public ContainerFileSystem For(string podUid, string container, string? containerId)
    {
        var id = containerId ?? "";
        return _byContainer.AddOrUpdate((podUid, container), _ => (id, new ContainerFileSystem()),
            (_, old) => old.ContainerId == id ? old : (id, new ContainerFileSystem())).Files;
    }

    public void Remove(string podUid)
    {
        foreach (var key in _byContainer.Keys.Where(k => k.Uid == podUid).ToList()) _byContainer.TryRemove(key, out _);
    }
}
