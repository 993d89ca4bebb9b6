using System.Text;
using System.Text.Json;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;

namespace MockApiServer.Api;

/// <summary>
/// Writes objects, lists and tables straight from the stored JSON (no re-serialization of the
/// items), in the format the client negotiated.
/// </summary>
public sealed class Responses(TimeProvider time)
{
    public Task ObjectAsync(HttpContext ctx, StoredObject obj, int status = 200) => Format(ctx) switch
    {
        ResponseFormat.Table => BufferedAsync(ctx, status, w => WriteTable(ctx, w, obj.Resource, [obj], obj.ResourceVersion.ToString(), null, null)),
        var f => RawAsync(ctx, obj.Json, status, f),
    };

    public Task ListAsync(HttpContext ctx, ResourceDefinition resource, ListResult list)
    {
        var rv = list.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Format(ctx) == ResponseFormat.Table)
            return BufferedAsync(ctx, 200, w => WriteTable(ctx, w, resource, list.Items, rv, list.Continue, list.RemainingItemCount));
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", resource.ListKind);
            w.WriteString("apiVersion", resource.ApiVersion);
            WriteListMeta(w, rv, list.Continue, list.RemainingItemCount);
            w.WriteStartArray("items");
            foreach (var item in list.Items) w.WriteRawValue(item.Json, skipInputValidation: true);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return RawAsync(ctx, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), 200, Format(ctx));
    }

    public Task ModelAsync(HttpContext ctx, object model, int status = 200) => RawAsync(ctx, KubeJson.SerializeToUtf8Bytes(model), status, Format(ctx) == ResponseFormat.Table ? ResponseFormat.Json : Format(ctx));

    /// <summary>A Status, in protobuf when the client asked for that first, else JSON.</summary>
    public static async Task StatusAsync(HttpContext ctx, V1Status status)
    {
        ctx.Response.StatusCode = status.Code ?? 500;
        var json = KubeJson.SerializeToUtf8Bytes(status);
        if (Format(ctx) == ResponseFormat.Protobuf && AsProtobuf(json) is { } protobuf)
        {
            ctx.Response.ContentType = ProtobufBody.MediaType;
            await ctx.Response.Body.WriteAsync(protobuf, ctx.RequestAborted).ConfigureAwait(false);
            return;
        }
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(json, ctx.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An object's JSON (with its kind and apiVersion) in the protobuf envelope; null for a kind with no protobuf form.</summary>
    private static byte[]? AsProtobuf(ReadOnlySpan<byte> json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonObject obj ? Protobuf.ProtobufEnvelope.Encode(obj) : null;

    /// <summary>A one-row Table for a watch event; columns only when asked (the stream's first event).</summary>
    public void WriteTableEvent(HttpContext ctx, Utf8JsonWriter w, StoredObject obj, bool withColumns) =>
        WriteTable(ctx, w, obj.Resource, [obj], obj.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, withColumns);

    public static ResponseFormat Format(HttpContext ctx) => Negotiation.Format(ctx);

    private void WriteTable(HttpContext ctx, Utf8JsonWriter w, ResourceDefinition resource, IReadOnlyList<StoredObject> items, string rv,
        string? continueToken, long? remaining, bool withColumns = true)
    {
        var include = Negotiation.IncludeObject(ctx);
        var printer = resource.Strategy.Table;
        var now = time.GetUtcNow().UtcDateTime;
        w.WriteStartObject();
        w.WriteString("kind", "Table");
        w.WriteString("apiVersion", "meta.k8s.io/v1");
        WriteListMeta(w, rv, continueToken, remaining);
        if (withColumns)
        {
            w.WriteStartArray("columnDefinitions");
            foreach (var c in printer.Columns)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("type", c.Type);
                w.WriteString("format", c.Format);
                w.WriteString("description", c.Description);
                w.WriteNumber("priority", c.Priority);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteStartArray("rows");
        foreach (var item in items)
        {
            w.WriteStartObject();
            w.WritePropertyName("cells");
            JsonSerializer.Serialize(w, printer.Cells(item.Object, now), KubeJson.Options);
            if (include == "Object")
            {
                w.WritePropertyName("object");
                w.WriteRawValue(item.Json, skipInputValidation: true);
            }
            else if (include == "Metadata")
            {
                w.WriteStartObject("object");
                w.WriteString("kind", "PartialObjectMetadata");
                w.WriteString("apiVersion", "meta.k8s.io/v1");
                w.WritePropertyName("metadata");
                JsonSerializer.Serialize(w, item.Object.Metadata, KubeJson.Options);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteListMeta(Utf8JsonWriter w, string rv, string? continueToken, long? remaining)
    {
        w.WriteStartObject("metadata");
        w.WriteString("resourceVersion", rv);
        if (continueToken is not null) w.WriteString("continue", continueToken);
        if (remaining is not null) w.WriteNumber("remainingItemCount", remaining.Value);
        w.WriteEndObject();
    }

    private static async Task BufferedAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted).ConfigureAwait(false);
    }

    private static async Task RawAsync(HttpContext ctx, ReadOnlyMemory<byte> json, int status, ResponseFormat format)
    {
        ctx.Response.StatusCode = status;
        if (format == ResponseFormat.Protobuf && AsProtobuf(json.Span) is { } protobuf)
        {
            ctx.Response.ContentType = ProtobufBody.MediaType;
            await ctx.Response.Body.WriteAsync(protobuf, ctx.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (format == ResponseFormat.Yaml)
        {
            ctx.Response.ContentType = "application/yaml";
            await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(YamlJson.FromJson(json.Span)), ctx.RequestAborted).ConfigureAwait(false);
            return;
        }
        ctx.Response.ContentType = "application/json";
        await ctx.Response.Body.WriteAsync(json, ctx.RequestAborted).ConfigureAwait(false);
    }
}
