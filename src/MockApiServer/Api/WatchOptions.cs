namespace MockApiServer.Api;

/// <summary>Server-side watch limits.</summary>
public sealed class WatchOptions
{
    public static readonly Machinery.ServerOption MinRequestTimeoutOption = new("MinRequestTimeout", "--min-request-timeout");
    public static readonly Machinery.ServerOption BookmarkIntervalOption = new("WatchBookmarkInterval", "--watch-bookmark-interval");

    public static IReadOnlyList<Machinery.ServerOption> All { get; } = [MinRequestTimeoutOption, BookmarkIntervalOption];

    /// <summary>Without timeoutSeconds, a watch ends after a random time in [Min, 2×Min), as kube-apiserver's 30–60 minutes.</summary>
    public int MinRequestTimeoutSeconds { get; set; } = 1800;

    /// <summary>How often a watch that allowed bookmarks gets one.</summary>
    public int BookmarkIntervalSeconds { get; set; } = 60;

    /// <summary>Events a watcher may fall behind before it is ended and must re-list.</summary>
    public int BufferSize { get; set; } = 10_000;

    /// <summary>Reads the keys that are set; the rest keep their defaults above.</summary>
    /// <exception cref="Machinery.OptionsException">A value is not a positive whole number.</exception>
    public void Bind(IConfiguration config)
    {
        MinRequestTimeoutSeconds = MinRequestTimeoutOption.Int(config, MinRequestTimeoutSeconds, min: 1);
        BookmarkIntervalSeconds = BookmarkIntervalOption.Int(config, BookmarkIntervalSeconds, min: 1);
    }
}
