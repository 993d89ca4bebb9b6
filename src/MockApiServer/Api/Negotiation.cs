namespace MockApiServer.Api;

/// <summary>What the client asked for in Accept: a Table, YAML, or plain JSON (also for protobuf-first Accepts).</summary>
public enum ResponseFormat { Json, Yaml, Table }

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
