using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Api;

/// <summary>
/// A watch over chunked HTTP: one {"type","object"} JSON per line, flushed per event, with
/// Kubernetes' start points (current state replayed for an absent or "0" resourceVersion, only
/// later changes for a concrete one), selector transitions, bookmarks and timeouts.
/// </summary>
public sealed class WatchStream(ResourceStore store, Responses responses, WatchOptions options, RandomSource random, TimeProvider time)
{
    public async Task ServeAsync(HttpContext ctx, ResourceDefinition resource, string? ns, ListOptions list)
    {
        var bookmarks = Query.Bool(ctx, "allowWatchBookmarks");
        var sendInitial = ctx.Request.Query.ContainsKey("sendInitialEvents") ? Query.Bool(ctx, "sendInitialEvents") : (bool?)null;
        var timeout = Query.Int(ctx, "timeoutSeconds") is { } t and > 0
            ? TimeSpan.FromSeconds(t)
            : TimeSpan.FromSeconds(options.MinRequestTimeoutSeconds * (1 + random.NextDouble()));
        if (sendInitial is not null && list.ResourceVersionMatch != "NotOlderThan")
            throw StatusErrors.Invalid("meta.k8s.io", "ListOptions", "", [FieldError.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan")]);
        if (list.ResourceVersionMatch is { Length: > 0 } match && sendInitial is null)
            throw StatusErrors.Invalid("meta.k8s.io", "ListOptions", "", [FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]);

        var rv = list.ResourceVersion;
        var replay = sendInitial ?? (string.IsNullOrEmpty(rv) || rv == "0");
        long from;
        IReadOnlyList<StoredObject> initial = [];
        WatchSubscription? subscription = null;
        string? startError = null;
        if (replay)
        {
            var snapshot = store.Snapshot;
            from = snapshot.Revision;
            initial = snapshot.List(resource, ns).Where(o => Matches(o, list)).ToList();
        }
        else if (!long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out from))
        {
            throw StatusErrors.BadRequest($"resourceVersion: Invalid value: \"{rv}\": must be a non-negative integer");
        }
        try
        {
            subscription = store.Watch(resource, ns, from, options.BufferSize);
        }
        catch (ApiException e) when (e.Code == 410)
        {
            startError = KubeJson.Serialize(e.Status);
        }

        using var watch = subscription;
        var format = Negotiation.Format(ctx);
        var table = format == ResponseFormat.Table;
        var protobuf = format == ResponseFormat.Protobuf && Protobuf.ProtoSchema.MessageOf(resource) is not null;
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = table ? "application/json;as=Table;v=v1;g=meta.k8s.io" : protobuf ? Protobuf.ProtobufWatchFrame.ContentType : "application/json";
        ctx.Response.Headers.CacheControl = "no-cache, private";
        var writer = new EventWriter(ctx, responses, table, protobuf);
        // On the server's clock, so a fake one ends the watch; started before the headers go out, so a
        // client holding them knows the timeout is already counting.
        using var expiry = new CancellationTokenSource(timeout, time);
        await ctx.Response.StartAsync(ctx.RequestAborted).ConfigureAwait(false);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false); // headers out now, before any event
        if (startError is not null || subscription is null)
        {
            await writer.WriteRawAsync("ERROR", startError!).ConfigureAwait(false);
            return;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, expiry.Token);
        try
        {
            foreach (var o in initial) await writer.WriteAsync("ADDED", o).ConfigureAwait(false);
            var sent = from;
            if (sendInitial == true && bookmarks) await writer.WriteBookmarkAsync(resource, from, initialEventsEnd: true).ConfigureAwait(false);
            foreach (var change in subscription.Backlog) sent = await DeliverAsync(writer, change, list).ConfigureAwait(false);
            await writer.FlushAsync().ConfigureAwait(false);
            var interval = TimeSpan.FromSeconds(Math.Max(1, options.BookmarkIntervalSeconds));
            while (!cts.IsCancellationRequested)
            {
                var wait = subscription.Events.WaitToReadAsync(cts.Token).AsTask();
                if (bookmarks)
                {
                    var tick = Task.Delay(interval, time, cts.Token);
                    if (await Task.WhenAny(wait, tick).ConfigureAwait(false) == tick)
                    {
                        var published = store.WatchRevision;
                        if (!subscription.Events.TryPeek(out _)) await writer.WriteBookmarkAsync(resource, Math.Max(sent, published), false).ConfigureAwait(false);
                        continue;
                    }
                }
                if (!await wait.ConfigureAwait(false)) break; // overflowed or disposed: the client re-lists
                while (subscription.Events.TryRead(out var change)) sent = await DeliverAsync(writer, change, list).ConfigureAwait(false);
                await writer.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Writes the event this watcher sees for a change (its selectors decide); returns the change's revision.</summary>
    private static async Task<long> DeliverAsync(EventWriter writer, ChangeEvent change, ListOptions list)
    {
        var now = Matches(change.Object, list);
        var before = change.Previous is not null && Matches(change.Previous, list);
        var type = change.Type switch
        {
            WatchEventType.Added => now ? "ADDED" : null,
            WatchEventType.Deleted => before ? "DELETED" : null,
            _ => (before, now) switch { (true, true) => "MODIFIED", (false, true) => "ADDED", (true, false) => "DELETED", _ => null },
        };
        if (type is not null) await writer.WriteAsync(type, change).ConfigureAwait(false);
        return change.Revision;
    }

    private static bool Matches(StoredObject o, ListOptions list) =>
        list.Labels.Matches(o.Object.Metadata.Labels) && list.Fields.Matches(f => o.Resource.Strategy.FieldValue(o.Object, f));

    private sealed class EventWriter(HttpContext ctx, Responses responses, bool table, bool protobuf)
    {
        private readonly Stream _body = ctx.Response.Body;
        private readonly MemoryStream _buffer = new();
        private bool _columnsSent;

        /// <summary>A committed change: as JSON, the line every watcher of that event type shares.</summary>
        public Task WriteAsync(string type, ChangeEvent change)
        {
            if (table) return WriteAsync(type, change.Object);
            _buffer.Write(protobuf
                ? change.Encoded.GetOrAdd("protobuf:" + type, () => ProtobufFrame(type, change.Object.Json))
                : change.Encoded.GetOrAdd("json:" + type, () => JsonLine(type, change.Object)));
            return _buffer.Length > 64 * 1024 ? FlushAsync() : Task.CompletedTask;
        }

        public async Task WriteAsync(string type, StoredObject obj)
        {
            if (protobuf) _buffer.Write(ProtobufFrame(type, obj.Json));
            else if (!table) _buffer.Write(JsonLine(type, obj));
            else
            {
                using (var w = new Utf8JsonWriter(_buffer))
                {
                    w.WriteStartObject();
                    w.WriteString("type", type);
                    w.WritePropertyName("object");
                    responses.WriteTableEvent(ctx, w, obj, !_columnsSent);
                    _columnsSent = true;
                    w.WriteEndObject();
                }
                _buffer.WriteByte((byte)'\n');
            }
            if (_buffer.Length > 64 * 1024) await FlushAsync().ConfigureAwait(false);
        }

        /// <summary>{"type":"…","object":…} and a newline, the object's stored JSON copied as is.</summary>
        private static byte[] JsonLine(string type, StoredObject obj)
        {
            var prefix = System.Text.Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":");
            var line = new byte[prefix.Length + obj.Json.Length + 2];
            prefix.CopyTo(line, 0);
            obj.Json.CopyTo(line, prefix.Length);
            line[^2] = (byte)'}';
            line[^1] = (byte)'\n';
            return line;
        }

        private static byte[] ProtobufFrame(string type, ReadOnlySpan<byte> objectJson) =>
            Protobuf.ProtobufWatchFrame.Build(type, (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(objectJson)!);

        public async Task WriteRawAsync(string type, string objectJson)
        {
            var bytes = protobuf
                ? ProtobufFrame(type, System.Text.Encoding.UTF8.GetBytes(objectJson))
                : System.Text.Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":{objectJson}}}\n");
            await _body.WriteAsync(bytes, ctx.RequestAborted).ConfigureAwait(false);
            await _body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
        }

        public async Task WriteBookmarkAsync(ResourceDefinition resource, long revision, bool initialEventsEnd)
        {
            var meta = new Dictionary<string, object> { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
            if (initialEventsEnd) meta["annotations"] = new Dictionary<string, string> { ["k8s.io/initial-events-end"] = "true" };
            var obj = new Dictionary<string, object> { ["kind"] = resource.Kind, ["apiVersion"] = resource.ApiVersion, ["metadata"] = meta };
            await FlushAsync().ConfigureAwait(false);
            await WriteRawAsync("BOOKMARK", JsonSerializer.Serialize(obj)).ConfigureAwait(false);
        }

        public async Task FlushAsync()
        {
            if (_buffer.Length == 0) return;
            await _body.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), ctx.RequestAborted).ConfigureAwait(false);
            _buffer.SetLength(0);
            await _body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
        }
    }
}
