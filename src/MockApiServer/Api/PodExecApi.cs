using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Runtime;
using MockApiServer.Runtime.Commands;

namespace MockApiServer.Api;

/// <summary>
/// <c>pods/exec</c> over WebSocket with the Kubernetes channel subprotocols (see
/// <see cref="ChannelWebSocket"/>): the command runs through the <see cref="ExecCommandRegistry"/>
/// in the container's simulated environment. kubectl 1.30+ speaks WebSocket; older kubectl (and
/// 1.30+'s fallback) SPDY/3.1 (<see cref="Spdy.SpdyCommandSession"/>), the same session either way.
/// </summary>
public static class PodExecApi
{
    public static readonly string[] Parameters = ["command", "container", "stderr", "stdin", "stdout", "tty"];

    public static IEndpointRouteBuilder MapPodExecApi(this IEndpointRouteBuilder app, ResourceRegistry registry)
    {
        var pods = registry.Get("", "pods");
        const string path = "/api/v1/namespaces/{namespace}/pods/{name}/exec";
        app.MapMethods(path, ["GET"], (HttpContext ctx, string @namespace, string name, Handler handler) => handler.ConnectAsync(ctx, @namespace, name))
            .WithName("connectCoreV1GetNamespacedPodExec")
            .WithSummary("connect GET requests to exec of Pod")
            .WithDescription("A WebSocket upgrade, not a plain request: offer Sec-WebSocket-Protocol v5.channel.k8s.io (or v4/v3/v2/channel.k8s.io). Frames are binary, the first byte the channel (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize; v5: 255 close); the exit status arrives on channel 3 as a Status. Or SPDY/3.1 (kubectl 1.29 and older): X-Stream-Protocol-Version v4.channel.k8s.io (or v3/v2/channel.k8s.io), one stream per channel named by its streamType header. Swagger UI cannot open it; use kubectl exec or a client library.")
            .WithTags("v1 Pod")
            .WithMetadata(new KubeOperation("connect", pods, "exec", Parameters));
        app.MapMethods(path, ["POST"], (HttpContext ctx, string @namespace, string name, Handler handler) => handler.ConnectAsync(ctx, @namespace, name))
            .WithName("connectCoreV1PostNamespacedPodExec")
            .WithSummary("connect POST requests to exec of Pod")
            .WithDescription("A WebSocket upgrade, not a plain request: offer Sec-WebSocket-Protocol v5.channel.k8s.io (or v4/v3/v2/channel.k8s.io). Frames are binary, the first byte the channel (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize; v5: 255 close); the exit status arrives on channel 3 as a Status. Or SPDY/3.1 (kubectl 1.29 and older): X-Stream-Protocol-Version v4.channel.k8s.io (or v3/v2/channel.k8s.io), one stream per channel named by its streamType header. Swagger UI cannot open it; use kubectl exec or a client library.")
            .WithTags("v1 Pod")
            .WithMetadata(new KubeOperation("connect", pods, "exec", Parameters));
        return app;
    }

    /// <summary>PodExecOptions as read from the query; command repeats once per argv word.</summary>
    public sealed record Options(IReadOnlyList<string> Command, string? Container, bool Stdin, bool Stdout, bool Stderr, bool Tty)
    {
        public static Options From(HttpContext ctx)
        {
            var options = new Options(ctx.Request.Query["command"].Select(c => c ?? "").ToList(), Query.String(ctx, "container"),
                Query.Bool(ctx, "stdin"), Query.Bool(ctx, "stdout"), Query.Bool(ctx, "stderr"), Query.Bool(ctx, "tty"));
            if (!options.Stdin && !options.Stdout && !options.Stderr)
                throw StatusErrors.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
            if (options.Command.Count == 0) throw StatusErrors.BadRequest("you must specify at least one command for the container");
            return options;
        }
    }

    public sealed class Handler(ResourceStore store, IContainerRuntime runtime, ExecCommandRegistry commands, ContainerContexts contexts, TimeProvider time, ILogger<Handler> logger)
    {
        public async Task ConnectAsync(HttpContext ctx, string ns, string name)
        {
            var options = Options.From(ctx);
            var pod = (V1Pod)store.Get(store.Registry.Get("", "pods"), ns, name).Object;
            var container = PodContainers.Resolve(pod, options.Container);
            if (string.IsNullOrEmpty(pod.Spec?.NodeName)) throw StatusErrors.BadRequest($"pod {name} does not have a host assigned");
            if (PodContainers.Status(pod, container)?.State?.Running is null || runtime.Find(pod, container) is not { } state)
                throw StatusErrors.BadRequest($"unable to upgrade connection: container not found (\"{container}\")");
            await using var session = await RemoteCommandSessions.AcceptAsync(ctx, new(options.Stdin, options.Stdout, options.Stderr, options.Tty), time).ConfigureAwait(false);
            if (session is null) return;
            var aborted = session.Aborted;
            var stdout = options.Stdout ? session.StdoutWriter : TextWriter.Null;
            TextReader stdin = options.Stdin ? new StreamReader(session.StdinStream) : TextReader.Null;
            if (options.Tty)
            {
                // A terminal of the session's own (exec -t): CRLF out, typed input echoed and cooked.
                stdout = new ProcessOutput(stdout, terminal: true);
                if (options.Stdin)
                {
                    var input = new ProcessInput(echo: stdout);
                    _ = input.PumpAsync(session.StdinStream, closeAtEnd: true, aborted);
                    stdin = input.Reader;
                }
            }
            var exec = contexts.Create(pod, container, state, options.Command, commands, stdin, stdout,
                options.Tty ? stdout : options.Stderr ? session.StderrWriter : TextWriter.Null,
                aborted, options.Tty);
            int exitCode;
            string? internalError = null;
            try
            {
                exitCode = await commands.RunAsync(exec).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "exec {Command} in {Namespace}/{Pod}/{Container} failed", string.Join(" ", options.Command), ns, name, container);
                (exitCode, internalError) = (1, $"Internal error occurred: error executing command in container: {e.Message}");
            }
            await session.FinishAsync(exitCode, options.Command, internalError, aborted).ConfigureAwait(false);
        }
    }
}
