namespace MockApiServer.Storage.Etcd;

/// <summary>The etcd backend's options, kube-apiserver's flags of the same names.</summary>
public sealed class EtcdOptions
{
    /// <summary>The members' client URLs (<c>--etcd-servers</c>); empty means SQLite.</summary>
    public IReadOnlyList<string> Servers { get; set; } = [];

    /// <summary>The root every key is under (<c>--etcd-prefix</c>).</summary>
    public string Prefix { get; set; } = "/registry";

    /// <summary>How often the history is compacted (<c>--etcd-compaction-interval</c>); zero turns it off.</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one request to etcd may take before the store counts as unavailable.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => Servers.Count > 0;
}
