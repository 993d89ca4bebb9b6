using System.Text.Json.Nodes;
using MockApiServer.Api.Protobuf;

namespace MockApiServer.Api;

/// <summary>
/// OpenAPI v2 (/openapi/v2), from the same Swashbuckle documents as v3: every group-version's
/// document written as Swagger 2.0 and merged into one (paths and definitions), as kube-apiserver
/// serves it; and that document as gnostic's protobuf <c>openapi_v2.Document</c>
/// (github.com/google/gnostic-models openapiv2/OpenAPIv2.proto), which kubectl ≤ 1.28 asks for
/// (explain --output=plaintext-openapiv2, client-side validation). Extension values go in
/// <c>Any.yaml</c> as text (JSON is YAML), as kube-openapi writes them.
/// </summary>
public static class OpenApiV2
{
    /// <summary>
    /// What kube-apiserver answers for Accept <c>application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>:
    /// Go's mime parser refuses the '@', so the answer spells it with a dot.
    /// </summary>
    public const string ProtobufType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    public static JsonObject Merge(string kubernetesVersion, IEnumerable<JsonObject> documents)
    {
        var paths = new JsonObject();
        var definitions = new JsonObject();
        foreach (var doc in documents)
        {
            foreach (var (path, item) in (doc["paths"] as JsonObject ?? []).ToList()) paths[path] = item?.DeepClone();
            foreach (var (name, schema) in (doc["definitions"] as JsonObject ?? []).ToList()) definitions[name] = schema?.DeepClone();
        }
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = kubernetesVersion },
            ["paths"] = paths,
            ["definitions"] = definitions,
        };
    }

    // ---- gnostic openapi_v2 protobuf; field numbers from OpenAPIv2.proto ----

    public static byte[] ToProtobuf(JsonObject doc)
    {
        var w = new ProtoWriter();
        Str(w, 1, doc["swagger"]);
        if (doc["info"] is JsonObject info)
        {
            var i = new ProtoWriter();
            Str(i, 1, info["title"]);
            Str(i, 2, info["version"]);
            Str(i, 3, info["description"]);
            w.BytesField(2, i.Written);
        }
        if (doc["paths"] is JsonObject paths)
        {
            var p = new ProtoWriter();
            foreach (var (path, item) in paths)
            {
                if (item is not JsonObject pathItem) continue;
                var named = new ProtoWriter();
                named.StringField(1, path);
                named.BytesField(2, PathItem(pathItem));
                p.BytesField(2, named.Written);
            }
            w.BytesField(8, p.Written);
        }
        if (doc["definitions"] is JsonObject definitions) w.BytesField(9, NamedSchemas(definitions));
        return w.ToArray();
    }

    private static readonly (string Method, int Field)[] Methods = [("get", 2), ("put", 3), ("post", 4), ("delete", 5), ("options", 6), ("head", 7), ("patch", 8)];

    private static byte[] PathItem(JsonObject item)
    {
        var w = new ProtoWriter();
        foreach (var (method, field) in Methods)
            if (item[method] is JsonObject op) w.BytesField(field, Operation(op));
        foreach (var p in item["parameters"] as JsonArray ?? []) if (p is JsonObject po) w.BytesField(9, ParametersItem(po));
        Extensions(w, 10, item);
        return w.ToArray();
    }

    private static byte[] Operation(JsonObject op)
    {
        var w = new ProtoWriter();
        Strs(w, 1, op["tags"]);
        Str(w, 2, op["summary"]);
        Str(w, 3, op["description"]);
        Str(w, 5, op["operationId"]);
        Strs(w, 6, op["produces"]);
        Strs(w, 7, op["consumes"]);
        foreach (var p in op["parameters"] as JsonArray ?? []) if (p is JsonObject po) w.BytesField(8, ParametersItem(po));
        if (op["responses"] is JsonObject responses)
        {
            var r = new ProtoWriter();
            foreach (var (code, response) in responses)
            {
                if (response is not JsonObject ro) continue;
                var value = new ProtoWriter();
                var body = new ProtoWriter();
                Str(body, 1, ro["description"]);
                if (ro["schema"] is JsonObject schema)
                {
                    var item = new ProtoWriter();
                    item.BytesField(1, Schema(schema));
                    body.BytesField(2, item.Written);
                }
                value.BytesField(1, body.Written);
                var named = new ProtoWriter();
                named.StringField(1, code);
                named.BytesField(2, value.Written);
                r.BytesField(1, named.Written);
            }
            w.BytesField(9, r.Written);
        }
        if (op["deprecated"]?.GetValue<bool>() == true) w.VarintField(11, 1);
        Extensions(w, 13, op);
        return w.ToArray();
    }

    private static byte[] ParametersItem(JsonObject p)
    {
        var parameter = new ProtoWriter();
        if (p["in"]?.GetValue<string>() == "body")
        {
            var body = new ProtoWriter();
            Str(body, 1, p["description"]);
            Str(body, 2, p["name"]);
            Str(body, 3, p["in"]);
            Bool(body, 4, p["required"]);
            if (p["schema"] is JsonObject schema) body.BytesField(5, Schema(schema));
            parameter.BytesField(1, body.Written);
        }
        else
        {
            // Query and path sub-schemas share their first fields' numbers; the rest differ.
            var path = p["in"]?.GetValue<string>() == "path";
            var sub = new ProtoWriter();
            Bool(sub, 1, p["required"]);
            Str(sub, 2, p["in"]);
            Str(sub, 3, p["description"]);
            Str(sub, 4, p["name"]);
            Str(sub, path ? 5 : 6, p["type"]);
            Str(sub, path ? 6 : 7, p["format"]);
            Bool(sub, path ? 19 : 20, p["uniqueItems"]);
            var nonBody = new ProtoWriter();
            nonBody.BytesField(path ? 4 : 3, sub.Written);
            parameter.BytesField(2, nonBody.Written);
        }
        var item = new ProtoWriter();
        item.BytesField(1, parameter.Written);
        return item.ToArray();
    }

    private static byte[] NamedSchemas(JsonObject schemas)
    {
        var w = new ProtoWriter();
        foreach (var (name, schema) in schemas)
        {
            if (schema is not JsonObject so) continue;
            var named = new ProtoWriter();
            named.StringField(1, name);
            named.BytesField(2, Schema(so));
            w.BytesField(1, named.Written);
        }
        return w.ToArray();
    }

    private static byte[] Schema(JsonObject s)
    {
        var w = new ProtoWriter();
        Str(w, 1, s["$ref"]);
        Str(w, 2, s["format"]);
        Str(w, 3, s["title"]);
        Str(w, 4, s["description"]);
        if (s["default"] is { } d) w.BytesField(5, Any(d));
        Strs(w, 19, s["required"]);
        foreach (var e in s["enum"] as JsonArray ?? []) if (e is not null) w.BytesField(20, Any(e));
        if (s["additionalProperties"] is { } additional)
        {
            var item = new ProtoWriter();
            if (additional is JsonObject ao) item.BytesField(1, Schema(ao));
            else item.VarintField(2, additional.GetValue<bool>() ? 1 : 0);
            w.BytesField(21, item.Written);
        }
        if (s["type"] is { } type)
        {
            var t = new ProtoWriter();
            if (type is JsonArray types) Strs(t, 1, types);
            else t.StringField(1, type.GetValue<string>());
            w.BytesField(22, t.Written);
        }
        if (s["items"] is JsonObject items)
        {
            var i = new ProtoWriter();
            i.BytesField(1, Schema(items));
            w.BytesField(23, i.Written);
        }
        foreach (var a in s["allOf"] as JsonArray ?? []) if (a is JsonObject ao) w.BytesField(24, Schema(ao));
        if (s["properties"] is JsonObject properties) w.BytesField(25, NamedSchemas(properties));
        Bool(w, 27, s["readOnly"]);
        Extensions(w, 31, s);
        return w.ToArray();
    }

    private static void Extensions(ProtoWriter w, int field, JsonObject obj)
    {
        foreach (var (name, value) in obj)
        {
            if (!name.StartsWith("x-", StringComparison.Ordinal) || value is null) continue;
            var named = new ProtoWriter();
            named.StringField(1, name);
            named.BytesField(2, Any(value));
            w.BytesField(field, named.Written);
        }
    }

    /// <summary>gnostic's Any {2 yaml}: the value as YAML text (its JSON is YAML).</summary>
    private static byte[] Any(JsonNode value)
    {
        var w = new ProtoWriter();
        w.StringField(2, value.ToJsonString() + "\n");
        return w.ToArray();
    }

    private static void Str(ProtoWriter w, int field, JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0) w.StringField(field, s);
    }

    private static void Strs(ProtoWriter w, int field, JsonNode? values)
    {
        foreach (var v in values as JsonArray ?? []) Str(w, field, v);
    }

    private static void Bool(ProtoWriter w, int field, JsonNode? value)
    {
        if (value is JsonValue v && v.TryGetValue<bool>(out var b) && b) w.VarintField(field, 1);
    }
}
