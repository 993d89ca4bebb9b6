using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Runtime;

namespace MockApiServer.Api;

/// <summary>
/// <c>pods/attach</c> over WebSocket (the channel protocols of <see cref="ChannelWebSocket"/>) or
/// SPDY/3.1 (<see cref="Spdy.SpdyCommandSession"/>, kubectl 1.29 and older):
/// the session sees the container's main process's output from now on and, with stdin, types
/// into its stdin (through its terminal when the container has <c>tty: true</c>). It ends when the
/// process ends (Success on the status channel, as the kubelet's attach reports a normal end) or
/// the client leaves; with <c>stdinOnce</c> the first session to leave closes the process's stdin.
/// A container that runs a server image has no simulated process: the session waits, silent.
/// </summary>
public static class PodAttachApi
{
    public static readonly string[] Parameters = ["container", "stderr", "stdin", "stdout", "tty"];

    private const string Description = "A WebSocket upgrade, not a plain request: offer Sec-WebSocket-Protocol v5.channel.k8s.io (or v4/v3/v2/channel.k8s.io). Frames are binary, the first byte the channel (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize; v5: 255 close); or SPDY/3.1 with X-Stream-Protocol-Version v4.channel.k8s.io, one stream per channel. The session sees the container's output from now on and writes to its stdin when the container has stdin: true. Use kubectl attach or a client library.";

    public static IEndpointRouteBuilder MapPodAttachApi(this IEndpointRouteBuilder app, ResourceRegistry registry)
    {
        var pods = registry.Get("", "pods");
        const string path = "/api/v1/namespaces/{namespace}/pods/{name}/attach";
        foreach (var (method, verb) in new[] { ("GET", "Get"), ("POST", "Post") })
        {
            app.MapMethods(path, [method], (HttpContext ctx, string @namespace, string name, Handler handler) => handler.ConnectAsync(ctx, @namespace, name))
                .WithName($"connectCoreV1{verb}NamespacedPodAttach")
                .WithSummary($"connect {method} requests to attach of Pod")
                .WithDescription(Description)
                .WithTags("v1 Pod")
                .WithMetadata(new KubeOperation("connect", pods, "attach", Parameters));
        }
        return app;
    }

    /// <summary>PodAttachOptions as read from the query.</summary>
    public sealed record Options(string? Container, bool Stdin, bool Stdout, bool Stderr, bool Tty)
    {
        public static Options From(HttpContext ctx)
        {
            var options = new Options(Query.String(ctx, "container"), Query.Bool(ctx, "stdin"), Query.Bool(ctx, "stdout"), Query.Bool(ctx, "stderr"), Query.Bool(ctx, "tty"));
            if (!options.Stdin && !options.Stdout && !options.Stderr)
                throw StatusErrors.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
            return options;
        }
    }

    public sealed class Handler(ResourceStore store, ContainerProcesses processes, TimeProvider time)
    {
        public async Task ConnectAsync(HttpContext ctx, string ns, string name)
        {
            var options = Options.From(ctx);
            var pod = (V1Pod)store.Get(store.Registry.Get("", "pods"), ns, name).Object;
            var container = PodContainers.Resolve(pod, options.Container);
            if (string.IsNullOrEmpty(pod.Spec?.NodeName)) throw StatusErrors.BadRequest($"pod {name} does not have a host assigned");
            if (PodContainers.Status(pod, container)?.State?.Running is null)
                throw StatusErrors.BadRequest($"unable to upgrade connection: container {container} not found in pod {name}_{ns}");
            await using var session = await RemoteCommandSessions.AcceptAsync(ctx, new(options.Stdin, options.Stdout, options.Stderr, options.Tty), time).ConfigureAwait(false);
            if (session is null) return;
            var aborted = session.Aborted;
            var process = processes.Current(pod.Metadata.Uid, container);
            if (process is null)
            {
                await Task.Delay(Timeout.Infinite, aborted).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                return;
            }
            using var output = process.Output.Attach();
            var typing = options.Stdin && process.Input is { } input
                ? input.PumpAsync(session.StdinStream, closeAtEnd: false, aborted)
                : Task.CompletedTask;
            try
            {
                var writer = options.Stdout ? session.StdoutWriter : options.Stderr ? session.StderrWriter : TextWriter.Null;
                await foreach (var text in output.Reader.ReadAllAsync(aborted).ConfigureAwait(false))
                    await writer.WriteAsync(text.AsMemory(), aborted).ConfigureAwait(false);
                await session.FinishAsync(0, [], null, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
            }
            finally
            {
                await process.DetachAsync().ConfigureAwait(false);
            }
            await typing.ConfigureAwait(false);
        }
    }
}
