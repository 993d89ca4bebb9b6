namespace MockApiServer.Api;

/// <summary>
/// What the client asked for first in Accept: a Table, YAML, JSON, or Kubernetes protobuf (a
/// kind without a protobuf form is answered in JSON, as the Accepts that ask for protobuf also
/// list JSON).
/// </summary>
public enum ResponseFormat { Json, Yaml, Table, Protobuf }

public static class Negotiation
{
    public static ResponseFormat Format(HttpContext ctx)
    {
        var accept = ctx.Request.Headers.Accept.ToString();
        if (accept.Length == 0) return ResponseFormat.Json;
        foreach (var part in accept.Split(','))
        {
            var media = part.Trim();
            if (media.Contains("as=Table", StringComparison.Ordinal) && media.Contains("g=meta.k8s.io", StringComparison.Ordinal)) return ResponseFormat.Table;
            if (media.StartsWith("application/yaml", StringComparison.OrdinalIgnoreCase)) return ResponseFormat.Yaml;
            if (media.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !media.Contains("as=", StringComparison.Ordinal)) return ResponseFormat.Json;
            if (media.StartsWith(ProtobufBody.MediaType, StringComparison.OrdinalIgnoreCase) && !media.Contains("as=", StringComparison.Ordinal)) return ResponseFormat.Protobuf;
        }
        return ResponseFormat.Json;
    }

    /// <summary>includeObject for Table rows: Metadata (default), Object or None.</summary>
    public static string IncludeObject(HttpContext ctx) => Query.String(ctx, "includeObject") switch
    {
        null or "" or "Metadata" => "Metadata",
        "Object" => "Object",
        "None" => "None",
        var other => throw Machinery.StatusErrors.BadRequest($"includeObject: Unsupported value: \"{other}\": supported values: \"Metadata\", \"None\", \"Object\""),
    };
}
