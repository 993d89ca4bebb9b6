using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Runtime;
using MockApiServer.Runtime.Commands;

namespace MockApiServer.Api;

/// <summary>
/// <c>pods/exec</c> over WebSocket with the Kubernetes channel subprotocols (see
/// <see cref="ChannelWebSocket"/>): the command runs through the <see cref="ExecCommandRegistry"/>
/// in the container's simulated environment. SPDY is not spoken; kubectl 1.30+ tries WebSocket
/// first, older kubectl gets the 400 below.
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
            .WithDescription("A WebSocket upgrade, not a plain request: offer Sec-WebSocket-Protocol v5.channel.k8s.io (or v4/v3/v2/channel.k8s.io). Frames are binary, the first byte the channel (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize; v5: 255 close); the exit status arrives on channel 3 as a Status. SPDY (kubectl 1.29 and older) is refused with 400. Swagger UI cannot open it; use kubectl exec or a client library.")
            .WithTags("v1 Pod")
            .WithMetadata(new KubeOperation("connect", pods, "exec", Parameters));
        app.MapMethods(path, ["POST"], (HttpContext ctx, string @namespace, string name, Handler handler) => handler.ConnectAsync(ctx, @namespace, name))
            .WithName("connectCoreV1PostNamespacedPodExec")
            .WithSummary("connect POST requests to exec of Pod")
            .WithDescription("A WebSocket upgrade, not a plain request: offer Sec-WebSocket-Protocol v5.channel.k8s.io (or v4/v3/v2/channel.k8s.io). Frames are binary, the first byte the channel (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize; v5: 255 close); the exit status arrives on channel 3 as a Status. SPDY (kubectl 1.29 and older) is refused with 400. Swagger UI cannot open it; use kubectl exec or a client library.")
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

    public sealed class Handler(ResourceStore store, IContainerRuntime runtime, ExecCommandRegistry commands, ContainerContexts contexts, ILogger<Handler> logger)
    {
        public async Task ConnectAsync(HttpContext ctx, string ns, string name)
        {
            var options = Options.From(ctx);
            var pod = (V1Pod)store.Get(store.Registry.Get("", "pods"), ns, name).Object;
            var container = PodContainers.Resolve(pod, options.Container);
            if (string.IsNullOrEmpty(pod.Spec?.NodeName)) throw StatusErrors.BadRequest($"pod {name} does not have a host assigned");
            if (PodContainers.Status(pod, container)?.State?.Running is null || runtime.Find(pod, container) is not { } state)
                throw StatusErrors.BadRequest($"unable to upgrade connection: container not found (\"{container}\")");
            if (!ctx.WebSockets.IsWebSocketRequest) throw NotWebSocket(ctx);
            var protocol = ChannelWebSocket.Negotiate(ctx.WebSockets.WebSocketRequestedProtocols)
                ?? throw StatusErrors.BadRequest(
                    $"requested protocol(s) are not supported: [{string.Join(" ", ctx.WebSockets.WebSocketRequestedProtocols)}]; supports [{string.Join(" ", ChannelWebSocket.Protocols)}]");

            var socket = await ctx.WebSockets.AcceptWebSocketAsync(protocol.Length == 0 ? null : protocol).ConfigureAwait(false);
            await using var channels = new ChannelWebSocket(socket, protocol, ctx.RequestAborted);
            var stdout = options.Stdout ? channels.Writer(ChannelWebSocket.Stdout) : TextWriter.Null;
            TextReader stdin = options.Stdin ? new StreamReader(channels.StdinStream) : TextReader.Null;
            if (options.Tty)
            {
                // A terminal of the session's own (exec -t): CRLF out, typed input echoed and cooked.
                stdout = new ProcessOutput(stdout, terminal: true);
                if (options.Stdin)
                {
                    var input = new ProcessInput(echo: stdout);
                    _ = input.PumpAsync(channels.StdinStream, closeAtEnd: true, ctx.RequestAborted);
                    stdin = input.Reader;
                }
            }
            var exec = contexts.Create(pod, container, state, options.Command, commands, stdin, stdout,
                options.Tty ? stdout : options.Stderr ? channels.Writer(ChannelWebSocket.Stderr) : TextWriter.Null,
                ctx.RequestAborted, options.Tty);
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
            await channels.FinishAsync(exitCode, options.Command, internalError, ctx.RequestAborted).ConfigureAwait(false);
        }

        /// <summary>kubectl ≤1.29 (and 1.30+'s fallback) asks for SPDY, which this server does not speak; say so plainly.</summary>
        private static ApiException NotWebSocket(HttpContext ctx)
        {
            var upgrade = ctx.Request.Headers.Upgrade.ToString();
            return upgrade.Length == 0
                ? StatusErrors.BadRequest("Upgrade request required")
                : StatusErrors.BadRequest($"upgrade to {upgrade} is not supported: pods/exec is served over WebSocket only " +
                    $"({string.Join(", ", ChannelWebSocket.Protocols.Take(2))}); use kubectl 1.30 or newer");
        }
    }
}
