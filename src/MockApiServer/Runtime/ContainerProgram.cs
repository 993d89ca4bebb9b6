using k8s.Models;
using MockApiServer.Runtime.Images;

namespace MockApiServer.Runtime;

/// <summary>
/// The argv a container's main process runs, as the kubelet and the runtime decide it: the pod's
/// <c>command</c> replaces the image's ENTRYPOINT (and drops its CMD), <c>args</c> replaces the
/// CMD, and <c>$(VAR)</c> in either is expanded from the container's environment.
/// </summary>
public static class ContainerProgram
{
    /// <summary>The argv, or null when the container runs its image's server (no process to simulate).</summary>
    public static IReadOnlyList<string>? For(V1Container container, IReadOnlyDictionary<string, string> env)
    {
        var image = ImageCatalogue.For(container.Image);
        var hasCommand = container.Command is { Count: > 0 };
        var hasArgs = container.Args is { Count: > 0 };
        if (!hasCommand && !hasArgs && image.Serves) return null;
        var entrypoint = hasCommand ? container.Command!.Select(w => Expand(w, env)) : image.Entrypoint;
        var cmd = hasArgs ? container.Args!.Select(w => Expand(w, env)) : hasCommand ? [] : image.Cmd;
        var argv = entrypoint.Concat(cmd).ToList();
        return argv.Count == 0 ? null : argv;
    }

    private static string Expand(string word, IReadOnlyDictionary<string, string> env) => ContainerEnvironment.Expand(word, env.GetValueOrDefault);
}
