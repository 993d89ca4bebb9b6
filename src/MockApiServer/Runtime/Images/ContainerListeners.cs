using System.Globalization;
using k8s.Models;

namespace MockApiServer.Runtime.Images;

/// <summary>What answers on a listening port: the server's kind decides the HTTP answer (see <see cref="ImageHttp"/>).</summary>
public enum ServerKind
{
    Nginx,
    Httpd,
    AgnhostNetexec,
    ServeHostname,
    HttpEcho,

    /// <summary>An image or program the catalogue does not know, on a declared containerPort: it answers with the pod's name.</summary>
    Generic,

    /// <summary>A server that does not speak HTTP (postgres, mysql): TCP connects, HTTP gets no reply.</summary>
    TcpOnly,

    /// <summary>redis: no HTTP either, but it answers its own protocol (PING → +PONG, see <see cref="ListenerSession"/>).</summary>
    Redis,
}

/// <remarks><c>Text</c>: http-echo's -text.</remarks>
public sealed record Listener(int Port, string Protocol, ServerKind Kind, string? Text = null);

/// <summary>
/// The ports a running container listens on, from the program it runs (its image's default or its
/// command): nginx and httpd on 80, redis 6379, postgres 5432, mysql 3306 and 33060, agnhost
/// netexec on --http-port (8080) and --udp-port (8081), serve-hostname on 9376, http-echo on -listen
/// (:5678). A program the simulator does not know listens on the container's declared
/// containerPorts; a known program that is no server (sh, sleep…) listens on nothing — declared
/// ports only document, as in Kubernetes.
/// </summary>
public static class ContainerListeners
{
    private static readonly string[] EntrypointScripts = ["docker-entrypoint.sh", "entrypoint.sh"];

    /// <remarks><c>argv</c>: The container's program (<see cref="ContainerProgram.For"/>); null when it runs its image's server.</remarks>
    /// <remarks><c>isKnownProgram</c>: Whether the runtime can run a program name (the exec commands).</remarks>
    public static IReadOnlyList<Listener> For(V1Container container, IReadOnlyList<string>? argv, Func<string, bool> isKnownProgram)
    {
        var image = ImageCatalogue.For(container.Image);
        var words = (argv ?? [.. image.Entrypoint, .. image.Cmd]).ToList();
        while (words.Count > 0 && EntrypointScripts.Contains(Name(words[0]))) words.RemoveAt(0);
        if (words.Count == 0) return Declared(container);
        var args = words.Skip(1).ToList();
        return Name(words[0]) switch
        {
            "nginx" => [new(80, "TCP", ServerKind.Nginx)],
            "httpd" or "httpd-foreground" => [new(80, "TCP", ServerKind.Httpd)],
            "redis-server" => [new(Flag(args, "--port") ?? 6379, "TCP", ServerKind.Redis)],
            "postgres" => [new(5432, "TCP", ServerKind.TcpOnly)],
            "mysqld" => [new(3306, "TCP", ServerKind.TcpOnly), new(33060, "TCP", ServerKind.TcpOnly)],
            "pause" => [],
            "serve_hostname" => [new(Flag(args, "-port") ?? 9376, "TCP", ServerKind.ServeHostname)],
            "agnhost" => Agnhost(args),
            "http-echo" => [new(ListenPort(args) ?? 5678, "TCP", ServerKind.HttpEcho, Value(args, "-text") ?? "")],
            var program when isKnownProgram(program) => [],
            _ => Declared(container),
        };
    }

    private static IReadOnlyList<Listener> Agnhost(List<string> args) => args.FirstOrDefault() switch
    {
        "netexec" => [new(Flag(args, "--http-port") ?? 8080, "TCP", ServerKind.AgnhostNetexec), new(Flag(args, "--udp-port") ?? 8081, "UDP", ServerKind.AgnhostNetexec)],
        "serve-hostname" => [new(Flag(args, "--port") ?? 9376, args.Contains("--udp") ? "UDP" : "TCP", ServerKind.ServeHostname)],
        _ => [],
    };

    private static IReadOnlyList<Listener> Declared(V1Container container) =>
        [.. (container.Ports ?? []).Select(p => new Listener(p.ContainerPort, p.Protocol ?? "TCP", ServerKind.Generic))];

    private static string Name(string program) => program[(program.LastIndexOf('/') + 1)..];

    /// <summary>A flag's value in Go's forms: -name=value, --name=value, -name value.</summary>
    private static string? Value(List<string> args, string flag)
    {
        var bare = flag.TrimStart('-');
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i].TrimStart('-');
            if (arg.StartsWith(bare + "=", StringComparison.Ordinal)) return arg[(bare.Length + 1)..];
            if (arg == bare && args[i].StartsWith('-') && i + 1 < args.Count) return args[i + 1];
        }
        return null;
    }

    private static int? Flag(List<string> args, string flag) =>
        int.TryParse(Value(args, flag), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;

    /// <summary>http-echo's -listen=":5678" (or "0.0.0.0:8080").</summary>
    private static int? ListenPort(List<string> args) =>
        Value(args, "-listen") is { } listen && int.TryParse(listen[(listen.LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
}
