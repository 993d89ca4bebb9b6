using MockApiServer.Machinery;
using MockApiServer.Storage.Etcd;

namespace MockApiServer.Hosting;

/// <summary><see cref="EtcdOptions"/> from configuration: kube-apiserver's etcd flags.</summary>
public static class EtcdOptionsBinding
{
    public static readonly ServerOption ServersOption = new("EtcdServers", "--etcd-servers");
    public static readonly ServerOption PrefixOption = new("EtcdPrefix", "--etcd-prefix");
    public static readonly ServerOption CompactionIntervalOption = new("EtcdCompactionInterval", "--etcd-compaction-interval");

    public static IReadOnlyList<ServerOption> All { get; } = [ServersOption, PrefixOption, CompactionIntervalOption];

    /// <exception cref="OptionsException">Both --etcd-servers and --db are given, a server is not an http(s) URL, the prefix is not absolute, or the interval is not a duration.</exception>
    public static void Bind(this EtcdOptions options, IConfiguration config)
    {
        if (ServersOption.Text(config) is { } servers)
        {
            if (StorageOptionsBinding.DbOption.Text(config) is not null)
                throw new OptionsException($"{ServersOption.Switch} and {StorageOptionsBinding.DbOption.Switch}: give one store, etcd or a SQLite file, not both");
            options.Servers = servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        options.Prefix = PrefixOption.String(config, options.Prefix);
        options.CompactionInterval = CompactionIntervalOption.Duration(config, options.CompactionInterval);
    }

    public static void Validate(this EtcdOptions options)
    {
        foreach (var server in options.Servers)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                throw new OptionsException($"{ServersOption.Switch}: \"{server}\" is not a URL like http://127.0.0.1:2379");
        }
        if (!options.Prefix.StartsWith('/') || options.Prefix.Length < 2)
            throw new OptionsException($"{PrefixOption.Switch}: \"{options.Prefix}\" must be a path like /registry");
        if (options.CompactionInterval < TimeSpan.Zero)
            throw new OptionsException($"{CompactionIntervalOption.Switch}: must not be negative (0 turns compaction off)");
    }
}
