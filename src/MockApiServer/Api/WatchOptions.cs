namespace MockApiServer.Api;

/// <summary>Server-side watch limits.</summary>
public sealed class WatchOptions
{
    /// <summary>Without timeoutSeconds, a watch ends after a random time in [Min, 2×Min), as kube-apiserver's 30–60 minutes.</summary>
    public int MinRequestTimeoutSeconds { get; set; } = 1800;

    /// <summary>How often a watch that allowed bookmarks gets one.</summary>
    public int BookmarkIntervalSeconds { get; set; } = 60;

    /// <summary>Events a watcher may fall behind before it is ended and must re-list.</summary>
    public int BufferSize { get; set; } = 10_000;
}
