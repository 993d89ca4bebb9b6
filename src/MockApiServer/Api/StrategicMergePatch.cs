using System.Text.Json.Nodes;

namespace MockApiServer.Api;

/// <summary>Kubernetes' strategic merge patch (filled in by the client-fidelity work).</summary>
public static class StrategicMergePatch
{
    public static JsonNode? Apply(JsonObject original, JsonObject patch, Type modelType) => MergePatch.Apply(original, patch);
}
