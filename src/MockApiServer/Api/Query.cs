using System.Globalization;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>Query parameters read as kube-apiserver reads them; a bad value is a 400 Status.</summary>
public static class Query
{
    public static string? String(HttpContext ctx, string name) =>
        ctx.Request.Query.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;

    /// <summary>Booleans as Go's strconv.ParseBool: 1, t, T, TRUE, true, True and the false forms.</summary>
    public static bool Bool(HttpContext ctx, string name)
    {
        var text = String(ctx, name);
        return text switch
        {
            null or "" => false,
            "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
            "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
            _ => throw StatusErrors.BadRequest($"{name}: Invalid value: \"{text}\": strconv.ParseBool: parsing \"{text}\": invalid syntax"),
        };
    }

    public static long? Int(HttpContext ctx, string name)
    {
        var text = String(ctx, name);
        if (string.IsNullOrEmpty(text)) return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StatusErrors.BadRequest($"{name}: Invalid value: \"{text}\": strconv.ParseInt: parsing \"{text}\": invalid syntax");
    }

    public static ListOptions List(HttpContext ctx, ResourceDefinition resource)
    {
        var limit = Int(ctx, "limit");
        return new ListOptions
        {
            Labels = LabelSelector.Parse(String(ctx, "labelSelector")),
            Fields = FieldSelector.Parse(String(ctx, "fieldSelector"), resource.Strategy.SelectableFields),
            Limit = limit is null ? null : (int)Math.Clamp(limit.Value, -1, int.MaxValue),
            Continue = String(ctx, "continue"),
            ResourceVersion = String(ctx, "resourceVersion"),
            ResourceVersionMatch = String(ctx, "resourceVersionMatch"),
        };
    }

    /// <summary>dryRun accepts only "All"; fieldManager is kept for managedFields.</summary>
    public static WriteOptions Write(HttpContext ctx)
    {
        var dryRun = false;
        if (ctx.Request.Query.TryGetValue("dryRun", out var values))
        {
            foreach (var v in values)
            {
                if (v != "All") throw StatusErrors.BadRequest($"dryRun: Unsupported value: \"{v}\": supported values: \"All\"");
                dryRun = true;
            }
        }
        var fieldManager = String(ctx, "fieldManager");
        if (fieldManager is { Length: > 128 })
            throw StatusErrors.BadRequest("fieldManager: Too long: may not be more than 128 bytes");
        // Without fieldManager a write is recorded under the User-Agent's program name, as
        // kube-apiserver's prefixFromUserAgent does ("kubectl/v1.32.0 (linux/amd64) …" → "kubectl").
        var manager = fieldManager is { Length: > 0 } ? fieldManager : ctx.Request.Headers.UserAgent.ToString().Split('/')[0];
        if (manager.Length > 128) manager = manager[..128];
        return new WriteOptions { DryRun = dryRun, FieldManager = manager, ExplicitFieldManager = fieldManager is { Length: > 0 } };
    }

    /// <summary>Strict, Warn (the server default) or Ignore.</summary>
    public static FieldValidation FieldValidationMode(HttpContext ctx) => String(ctx, "fieldValidation") switch
    {
        null or "" or "Warn" => FieldValidation.Warn,
        "Strict" => FieldValidation.Strict,
        "Ignore" => FieldValidation.Ignore,
        var other => throw StatusErrors.BadRequest($"fieldValidation: Unsupported value: \"{other}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
    };
}

public enum FieldValidation { Ignore, Warn, Strict }
