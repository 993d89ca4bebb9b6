using MockApiServer.Machinery;

namespace MockApiServer.Controllers;

/// <summary>
/// --controllers as kube-controller-manager reads it: a comma list where "*" enables every
/// controller, "name" enables one and "-name" disables one (default "*"). Turning one off lets a
/// test or a user's own controller play its part (e.g. "*,-kubelet" to write pod status yourself).
/// </summary>
public sealed class ControllerSelection
{
    public static readonly ServerOption Option = new("Controllers", "--controllers");

    public static readonly IReadOnlyList<string> Known =
        ["namespace", "serviceaccount", "node", "scheduler", "kubelet", "endpoints", "endpointslice", "endpointslice-mirroring", "loadbalancer", "service-repair", "replicaset", "deployment", "statefulset", "garbagecollector", "apiextensions"];

    private readonly HashSet<string> _enabled;

    private ControllerSelection(HashSet<string> enabled) => _enabled = enabled;

    public bool IsEnabled(string name) => _enabled.Contains(name);

    /// <summary>The selection the configuration asks for; every controller when the key is absent.</summary>
    /// <exception cref="OptionsException">An unknown controller name.</exception>
    public static ControllerSelection From(IConfiguration config) => Parse(Option.Text(config));

    /// <exception cref="OptionsException">An unknown controller name.</exception>
    public static ControllerSelection Parse(string? text)
    {
        var enabled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in (string.IsNullOrWhiteSpace(text) ? "*" : text).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw == "*") { enabled.UnionWith(Known); continue; }
            var off = raw.StartsWith('-');
            var name = off ? raw[1..] : raw;
            if (!Known.Contains(name))
                throw new OptionsException($"{Option.Switch}: unknown controller \"{name}\"; known: {string.Join(", ", Known)}");
            if (off) enabled.Remove(name); else enabled.Add(name);
        }
        return new ControllerSelection(enabled);
    }
}
