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
    /// <summary>True when the container runs its image's server as is: no process to simulate (cheap to ask, no environment needed).</summary>
    public static bool RunsImageServer(V1Container container) =>
        container.Command is not { Count: > 0 } && container.Args is not { Count: > 0 } && ImageCatalogue.For(container.Image).Serves;

    /// <summary>The argv, or null when the container runs its image's server (no process to simulate).</summary>
    public static IReadOnlyList<string>? For(V1Container container, IReadOnlyDictionary<string, string> env)
    {
        if (RunsImageServer(container)) return null;
        var image = ImageCatalogue.For(container.Image);
        var hasCommand = container.Command is { Count: > 0 };
        var hasArgs = container.Args is { Count: > 0 };
        var entrypoint = hasCommand ? container.Command!.Select(w => Expand(w, env)) : image.Entrypoint;
        var cmd = hasArgs ? container.Args!.Select(w => Expand(w, env)) : hasCommand ? [] : image.Cmd;
        var argv = entrypoint.Concat(cmd).ToList();
        return argv.Count == 0 ? null : argv;
    }

    private static string Expand(string word, IReadOnlyDictionary<string, string> env) => ContainerEnvironment.Expand(word, env.GetValueOrDefault);
}
