using System.Collections.Concurrent;

namespace MockApiServer.Networking.Routing;

/// <summary>
/// The iptables "recent" lists ClientIP affinity uses: one list per KUBE-SEP chain of client
/// addresses with the time each was last seen. A check walks the endpoints in rule order and
/// takes the first whose list saw the client within the timeout (--rcheck --seconds T --reap);
/// the chosen endpoint's entry is refreshed (--set). Keyed by chain name, so it survives table
/// rebuilds as long as the endpoint does.
/// </summary>
public sealed class SessionAffinity(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Chain, string Client), DateTimeOffset> _seen = new();

    /// <summary>The endpoint this client was sent to within <paramref name="timeoutSeconds"/>, if any.</summary>
    public ProxyEndpoint? Recall(IReadOnlyList<RouteCandidate> candidates, string client, int timeoutSeconds)
    {
        var now = time.GetUtcNow();
        foreach (var candidate in candidates)
        {
            var key = (candidate.Endpoint.Chain, client);
            if (!_seen.TryGetValue(key, out var last)) continue;
            if (now - last <= TimeSpan.FromSeconds(timeoutSeconds)) return candidate.Endpoint;
            _seen.TryRemove(key, out _);
        }
        return null;
    }

    public void Remember(ProxyEndpoint endpoint, string client) => _seen[(endpoint.Chain, client)] = time.GetUtcNow();

    public int Count => _seen.Count;
}
