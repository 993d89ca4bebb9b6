using System.Text.Json.Nodes;
using MockApiServer.Api;
using MockApiServer.Machinery;

namespace MockApiServer.Hosting;

/// <summary>One document of a --manifests file, with where it came from for error messages.</summary>
public sealed record ManifestDocument(string File, int Index, JsonObject Object)
{
    public string Where => $"{File} (document {Index + 1})";
}

/// <summary>
/// --manifests PATH: a file or folder of YAML/JSON documents (multi-document, `kind: List`
/// expanded) created at start when missing, so restarting with the same manifests is a no-op.
/// </summary>
public sealed class Manifests(IReadOnlyList<ManifestDocument> documents)
{
    public static readonly Manifests None = new([]);

    public IReadOnlyList<ManifestDocument> Documents => documents;

    /// <exception cref="OptionsException">A file is missing or a document is not an object with apiVersion and kind.</exception>
    public static Manifests Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path)) return None;
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList()
            : File.Exists(path) ? [path] : throw new OptionsException($"--manifests: {path} is neither a file nor a folder");
        var documents = new List<ManifestDocument>();
        foreach (var file in files)
        {
            IReadOnlyList<JsonNode?> nodes;
            try
            {
                nodes = YamlJson.ToJsonNodes(File.ReadAllText(file));
            }
            catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException)
            {
                throw new OptionsException($"--manifests: {file}: {e.Message}");
            }
            for (var i = 0; i < nodes.Count; i++)
            {
                if (nodes[i] is null) continue;
                if (nodes[i] is not JsonObject obj || obj["kind"] is null || obj["apiVersion"] is null)
                    throw new OptionsException($"--manifests: {file} (document {i + 1}): apiVersion and kind are required");
                if (obj["kind"]!.GetValue<string>() == "List" && obj["items"] is JsonArray items)
                    documents.AddRange(items.OfType<JsonObject>().Select(item => new ManifestDocument(file, i, (JsonObject)item.DeepClone())));
                else documents.Add(new ManifestDocument(file, i, obj));
            }
        }
        return new Manifests(documents);
    }

    /// <summary>Creates every object that does not exist yet.</summary>
    /// <exception cref="OptionsException">A document names an unknown kind or is rejected by validation.</exception>
    public async Task ApplyAsync(ResourceStore store)
    {
        foreach (var doc in documents)
        {
            var apiVersion = doc.Object["apiVersion"]!.GetValue<string>();
            var kind = doc.Object["kind"]!.GetValue<string>();
            var resource = store.Registry.All.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind)
                ?? throw new OptionsException($"--manifests: {doc.Where}: no kind {kind} in {apiVersion} is served");
            try
            {
                var (obj, _) = RequestBody.Decode(doc.Object, resource, FieldValidation.Strict);
                var ns = resource.Namespaced ? obj.Metadata.NamespaceProperty ?? "default" : "";
                if (obj.Metadata.Name is { Length: > 0 } name && store.TryGet(resource, ns, name) is not null) continue;
                await store.CreateAsync(resource, ns, obj, WriteOptions.Default).ConfigureAwait(false);
            }
            catch (ApiException e)
            {
                throw new OptionsException($"--manifests: {doc.Where}: {e.Message}");
            }
        }
    }
}
