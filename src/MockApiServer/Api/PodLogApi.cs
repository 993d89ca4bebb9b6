using System.Globalization;
using System.Text;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Runtime;

namespace MockApiServer.Api;

/// <summary>
/// <c>pods/log</c>: the simulated container log as text/plain, filtered as the kubelet filters it
/// (sinceSeconds/sinceTime, tailLines, limitBytes, timestamps), and streamed while
/// <c>follow=true</c> until the container's instance ends, the pod goes or the client leaves.
/// </summary>
public static class PodLogApi
{
    public static readonly string[] Parameters =
        ["container", "follow", "insecureSkipTLSVerifyBackend", "limitBytes", "previous", "sinceSeconds", "sinceTime", "tailLines", "timestamps", "pretty"];

    public static IEndpointRouteBuilder MapPodLogApi(this IEndpointRouteBuilder app, ResourceRegistry registry)
    {
        var pods = registry.Get("", "pods");
        app.MapMethods("/api/v1/namespaces/{namespace}/pods/{name}/log", ["GET"],
                (HttpContext ctx, string @namespace, string name, Handler handler) => handler.ReadAsync(ctx, @namespace, name))
            .WithName("readCoreV1NamespacedPodLog")
            .WithSummary("read log of the specified Pod")
            .WithDescription("text/plain: the simulated container's log. With follow=true the response is a chunked stream that stays open until the container stops, the pod goes or the client leaves.")
            .WithTags("v1 Pod")
            .WithMetadata(new KubeOperation("get", pods, "log", Parameters));
        return app;
    }

    /// <summary>PodLogOptions as read from the query.</summary>
    public sealed record Options(string? Container, bool Follow, bool Previous, bool Timestamps, long? TailLines, long? SinceSeconds, DateTimeOffset? SinceTime, long? LimitBytes)
    {
        public static Options From(HttpContext ctx, string pod)
        {
            var sinceTimeText = Query.String(ctx, "sinceTime");
            DateTimeOffset? sinceTime = null;
            if (!string.IsNullOrEmpty(sinceTimeText))
            {
                sinceTime = DateTimeOffset.TryParse(sinceTimeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                    ? t
                    : throw StatusErrors.BadRequest($"sinceTime: Invalid value: \"{sinceTimeText}\": must be RFC3339");
            }
            var options = new Options(Query.String(ctx, "container"), Query.Bool(ctx, "follow"), Query.Bool(ctx, "previous"), Query.Bool(ctx, "timestamps"),
                Query.Int(ctx, "tailLines"), Query.Int(ctx, "sinceSeconds"), sinceTime, Query.Int(ctx, "limitBytes"));
            var errors = new List<FieldError>();
            if (options.TailLines < 0) errors.Add(FieldError.Invalid("tailLines", options.TailLines, "must be greater than or equal to 0"));
            if (options.LimitBytes < 1) errors.Add(FieldError.Invalid("limitBytes", options.LimitBytes, "must be greater than 0"));
            if (options.SinceSeconds is not null && options.SinceTime is not null)
                errors.Add(FieldError.Forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
            if (options.SinceSeconds < 1) errors.Add(FieldError.Invalid("sinceSeconds", options.SinceSeconds, "must be greater than 0"));
            if (errors.Count > 0) throw StatusErrors.Invalid("", "PodLogOptions", pod, errors);
            return options;
        }
    }

    public sealed class Handler(ResourceStore store, IContainerRuntime runtime, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        private ResourceDefinition Pods => store.Registry.Get("", "pods");

        public async Task ReadAsync(HttpContext ctx, string ns, string name)
        {
            var options = Options.From(ctx, name);
            var snapshot = store.Snapshot;
            var pod = (V1Pod)(snapshot.Get(Pods, ns, name) ?? throw StatusErrors.NotFound("", "pods", name)).Object;
            var container = PodContainers.Resolve(pod, options.Container);
            var previous = options.Previous || UsesLastTermination(pod, container);
            var state = runtime.Find(pod, container) ?? throw NotAvailable(pod, container);
            var lines = previous ? state.PreviousLogs ?? throw PreviousNotFound(pod, container) : state.Logs;

            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "text/plain";
            var writer = new LineWriter(ctx.Response.Body, options);
            await writer.WriteAsync(Select(lines, options), ctx.RequestAborted).ConfigureAwait(false);
            if (options.Follow && !previous && !writer.Full && IsRunning(pod, container))
                await FollowAsync(ctx, pod, container, state, lines.Count, writer, snapshot.Revision).ConfigureAwait(false);
        }

        /// <summary>The kubelet's validateContainerLogStatus: which instance has a log, or why none has.</summary>
        private static bool UsesLastTermination(V1Pod pod, string container)
        {
            var status = PodContainers.Status(pod, container);
            if (string.IsNullOrEmpty(pod.Spec?.NodeName) || status is null) throw Waiting(pod, container, "ContainerCreating");
            var state = status.State;
            if (state?.Running is not null || state?.Terminated is not null) return false;
            if (status.LastState?.Terminated is not null) return true;
            if (state?.Waiting is { } waiting)
            {
                throw waiting.Reason switch
                {
                    "ErrImagePull" => StatusErrors.BadRequest($"container \"{container}\" in pod \"{pod.Metadata.Name}\" is waiting to start: image can't be pulled"),
                    "ImagePullBackOff" => StatusErrors.BadRequest($"container \"{container}\" in pod \"{pod.Metadata.Name}\" is waiting to start: trying and failing to pull image"),
                    var reason => Waiting(pod, container, reason ?? ""),
                };
            }
            throw StatusErrors.BadRequest($"container \"{container}\" in pod \"{pod.Metadata.Name}\" is waiting to start - no logs yet");
        }

        private static bool IsRunning(V1Pod pod, string container) => PodContainers.Status(pod, container)?.State?.Running is not null;

        private static ApiException Waiting(V1Pod pod, string container, string reason) =>
            StatusErrors.BadRequest($"container \"{container}\" in pod \"{pod.Metadata.Name}\" is waiting to start: {reason}");

        private static ApiException PreviousNotFound(V1Pod pod, string container) =>
            StatusErrors.BadRequest($"previous terminated container \"{container}\" in pod \"{pod.Metadata.Name}\" not found");

        private static ApiException NotAvailable(V1Pod pod, string container) =>
            StatusErrors.BadRequest($"container \"{container}\" in pod \"{pod.Metadata.Name}\" is not available");

        private IEnumerable<LogLine> Select(IReadOnlyList<LogLine> lines, Options options)
        {
            var since = options.SinceTime ?? (options.SinceSeconds is { } s ? time.GetUtcNow().AddSeconds(-s) : null);
            var selected = since is null ? lines : lines.Where(l => l.Time >= since).ToList();
            return options.TailLines is { } tail ? selected.Skip(Math.Max(0, selected.Count - (int)Math.Min(tail, int.MaxValue))) : selected;
        }

        /// <summary>
        /// Streams lines the runtime adds until the pod is gone, replaced, or the container's
        /// instance ends. A container running a program wakes the follower as its log grows; a
        /// server image's log only changes with the pod.
        /// </summary>
        private async Task FollowAsync(HttpContext ctx, V1Pod pod, string container, ContainerState first, int written, LineWriter writer, long revision)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, lifetime.ApplicationStopping);
            using var watch = store.Watch(Pods, pod.Metadata.NamespaceProperty, revision, bufferSize: 64);
            var changes = watch.Backlog.ToList();
            var live = first.LiveLog;
            Task<bool>? podChanged = null;
            try
            {
                while (true)
                {
                    if (live is not null)
                    {
                        var lines = live.Lines;
                        await writer.WriteAsync(lines.Skip(written), stop.Token).ConfigureAwait(false);
                        written = Math.Max(written, lines.Count);
                        if (writer.Full) return;
                    }
                    if (changes.Any(c => c.Object.Name == pod.Metadata.Name))
                    {
                        var current = store.Snapshot.Get(Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name)?.Object as V1Pod;
                        if (current is null || current.Metadata.Uid != pod.Metadata.Uid) return;
                        if (runtime.Find(current, container) is not { } state || state.RestartCount != first.RestartCount) return;
                        // The process may have started (and even ended) since the first read: follow its log from here on.
                        live ??= state.LiveLog;
                        var lines = live?.Lines ?? state.Logs;
                        await writer.WriteAsync(lines.Skip(written), stop.Token).ConfigureAwait(false);
                        written = Math.Max(written, lines.Count);
                        if (writer.Full || !IsRunning(current, container)) return;
                    }
                    changes.Clear();
                    podChanged ??= watch.Events.WaitToReadAsync(stop.Token).AsTask();
                    if (live is not null) await Task.WhenAny(podChanged, live.WaitAsync(written, stop.Token)).ConfigureAwait(false);
                    else await podChanged.ConfigureAwait(false);
                    if (!podChanged.IsCompleted) continue;
                    if (!await podChanged.ConfigureAwait(false)) return;
                    podChanged = null;
                    while (watch.Events.TryRead(out var change)) changes.Add(change);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Writes log lines with the optional RFC3339Nano prefix, flushing each batch, and stops at limitBytes.</summary>
    private sealed class LineWriter(Stream body, Options options)
    {
        private long _written;

        public bool Full => options.LimitBytes is { } limit && _written >= limit;

        public async Task WriteAsync(IEnumerable<LogLine> lines, CancellationToken cancellation)
        {
            var sb = new StringBuilder();
            foreach (var line in lines)
            {
                if (options.Timestamps) sb.Append(Timestamp(line.Time)).Append(' ');
                sb.Append(line.Text).Append('\n');
            }
            var bytes = Encoding.UTF8.GetBytes(sb.ToString());
            var count = options.LimitBytes is { } limit ? (int)Math.Min(bytes.Length, Math.Max(0, limit - _written)) : bytes.Length;
            _written += count;
            await body.WriteAsync(bytes.AsMemory(0, count), cancellation).ConfigureAwait(false);
            await body.FlushAsync(cancellation).ConfigureAwait(false);
        }

        /// <summary>The kubelet's RFC3339NanoFixed: always nine fractional digits.</summary>
        private static string Timestamp(DateTimeOffset t) =>
            t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";
    }
}
