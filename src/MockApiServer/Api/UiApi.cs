using System.Reflection;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// GET /ui: the live cluster page (Services → endpoints → Pods by Node, from the watch API) and
/// its script and style, served from resources embedded in this assembly, so the tool, the
/// container and a test's WebApplicationFactory all have it with no build step or wwwroot.
/// </summary>
public static class UiApi
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["cluster.js"] = "text/javascript; charset=utf-8",
        ["cluster.css"] = "text/css; charset=utf-8",
    };

    private static readonly Dictionary<string, byte[]> Files = ContentTypes.Keys.ToDictionary(f => f, Read, StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapUiApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui", () => File("index.html")).ExcludeFromDescription();
        app.MapGet("/ui/{file}", (string file) => File(file)).ExcludeFromDescription();
        return app;
    }

    private static IResult File(string name) =>
        Files.TryGetValue(name, out var bytes)
            ? Results.Bytes(bytes, ContentTypes[name])
            : throw StatusErrors.NotFound("", "ui", name);

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ui/" + name)
            ?? throw new InvalidOperationException($"The page's {name} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
