using System.Text;
using System.Text.Json;

namespace MockApiServer.Machinery;

/// <summary>The opaque paging token, shaped as kube-apiserver's: {"v":"meta.k8s.io/v1","rv":N,"start":"key"} in base64.</summary>
public sealed record ContinueToken(long ResourceVersion, string Start)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        JsonSerializer.Serialize(new Wire { V = "meta.k8s.io/v1", Rv = ResourceVersion, Start = Start }, WireContext.Options)));

    /// <exception cref="ApiException">400 BadRequest for a token we did not make.</exception>
    public static ContinueToken Decode(string token)
    {
        try
        {
            var wire = JsonSerializer.Deserialize<Wire>(Convert.FromBase64String(token), WireContext.Options);
            if (wire is null || wire.V != "meta.k8s.io/v1" || wire.Start is null || wire.Rv <= 0) throw new FormatException("unknown version");
            return new ContinueToken(wire.Rv, wire.Start);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw StatusErrors.BadRequest($"continue key is not valid: {e.Message}");
        }
    }

    private sealed class Wire
    {
        public string? V { get; set; }
        public long Rv { get; set; }
        public string? Start { get; set; }
    }

    private static class WireContext
    {
        public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    }
}
