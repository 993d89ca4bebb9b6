using System.Text.RegularExpressions;
using MockApiServer.Networking.Dns;

namespace MockApiServer.Hosting;

/// <summary>
/// Every server option, from command-line switches (<c>--db</c>), configuration keys (<c>Db</c>)
/// or environment variables (<c>MOCKAPI_Db</c>). A bad value fails the start with one line
/// naming the option.
/// </summary>
public sealed partial class ServerOptions
{
    /// <summary>Switch → configuration key, for the switches that are not already the key's name.</summary>
    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--db"] = "Db",
        ["--kubernetes-version"] = "KubernetesVersion",
        ["--history-size"] = "HistorySize",
        ["--seed"] = "Seed",
        ["--manifests"] = "Manifests",
        ["--controllers"] = "Controllers",
        ["--token-auth-file"] = "TokenAuthFile",
        ["--tls-cert-file"] = "TlsCertFile",
        ["--tls-private-key-file"] = "TlsPrivateKeyFile",
        ["--advertise-address"] = "AdvertiseAddress",
        ["--min-request-timeout"] = "MinRequestTimeout",
        ["--watch-bookmark-interval"] = "WatchBookmarkInterval",
        ["--service-cluster-ip-range"] = "ServiceClusterIpRange",
        ["--service-node-port-range"] = "ServiceNodePortRange",
        ["--load-balancer-ip-range"] = "LoadBalancerIpRange",
        ["--load-balancer-class"] = "LoadBalancerClass",
        ["--repair-services-interval"] = "RepairServicesInterval",
        ["--nodes"] = "Nodes",
        ["--node-cidr"] = "NodeCidr",
        ["--cluster-cidr"] = "ClusterCidr",
        ["--pod-start-delay"] = "PodStartDelay",
        ["--pod-termination-delay"] = "PodTerminationDelay",
        ["--node-heartbeat-interval"] = "NodeHeartbeatInterval",
        ["--crash-backoff"] = "CrashBackoff",
        ["--dns-port"] = "DnsPort",
        ["--cluster-domain"] = "ClusterDomain",
        ["--dns-ttl"] = "DnsTtl",
    };

    public string Db { get; init; } = "mockapi.db";
    public string KubernetesVersion { get; init; } = "v1.32.0";
    public int HistorySize { get; init; } = 10_000;
    public int? Seed { get; init; }

    /// <summary>A file or folder of manifests created at start (see <see cref="Hosting.Manifests"/>).</summary>
    public string? Manifests { get; init; }

    /// <summary>Which simulated controllers run (see <see cref="ControllerSelection"/>).</summary>
    public ControllerSelection Controllers { get; init; } = ControllerSelection.Parse(null);

    /// <summary>CSV of token,user,uid[,groups]; when set, requests need a bearer token.</summary>
    public string? TokenAuthFile { get; init; }

    /// <summary>PEM certificate and key for HTTPS (both or neither).</summary>
    public string? TlsCertFile { get; init; }
    public string? TlsPrivateKeyFile { get; init; }

    /// <summary>The API server's address as the kubernetes Endpoints show it (a kind-style control-plane IP).</summary>
    public string AdvertiseAddress { get; init; } = "172.18.0.1";
    public Networking.NetworkingOptions Networking { get; init; } = new();
    public Api.WatchOptions Watch { get; init; } = new();
    public Simulation.ClusterOptions Cluster { get; init; } = new();
    public DnsOptions Dns { get; init; } = new();

    public string KubernetesMajor => VersionMatch().Groups[1].Value;
    public string KubernetesMinor => VersionMatch().Groups[2].Value;

    [GeneratedRegex(@"^v(\d+)\.(\d+)\.(\d+)$")]
    private static partial Regex VersionRegex();

    private Match VersionMatch() => VersionRegex().Match(KubernetesVersion);

    /// <exception cref="OptionsException">A value is missing or malformed.</exception>
    public static ServerOptions From(IConfiguration config)
    {
        var options = new ServerOptions
        {
            Db = config["Db"] ?? "mockapi.db",
            KubernetesVersion = config["KubernetesVersion"] ?? "v1.32.0",
            AdvertiseAddress = config["AdvertiseAddress"] ?? "172.18.0.1",
            Manifests = config["Manifests"],
            Controllers = ControllerSelection.Parse(config["Controllers"]),
            TokenAuthFile = config["TokenAuthFile"],
            TlsCertFile = config["TlsCertFile"],
            TlsPrivateKeyFile = config["TlsPrivateKeyFile"],
            HistorySize = Int(config, "HistorySize", "--history-size", 10_000, min: 100),
            Seed = config["Seed"] is not null ? Int(config, "Seed", "--seed", 0, min: int.MinValue) : null,
            Watch = new Api.WatchOptions
            {
                MinRequestTimeoutSeconds = Int(config, "MinRequestTimeout", "--min-request-timeout", 1800, min: 1),
                BookmarkIntervalSeconds = Int(config, "WatchBookmarkInterval", "--watch-bookmark-interval", 60, min: 1),
            },
            Networking = new Networking.NetworkingOptions
            {
                ServiceClusterIpRange = config["ServiceClusterIpRange"] ?? "10.96.0.0/12",
                ServiceNodePortRange = config["ServiceNodePortRange"] ?? "30000-32767",
                LoadBalancerIpRange = config["LoadBalancerIpRange"] ?? "172.18.255.200-172.18.255.250",
                LoadBalancerClass = string.IsNullOrEmpty(config["LoadBalancerClass"]) ? null : config["LoadBalancerClass"],
                RepairIntervalSeconds = Int(config, "RepairServicesInterval", MockApiServer.Networking.NetworkingOptions.RepairIntervalSwitch, 180, min: 1),
            },
            Cluster = Simulation.ClusterOptions.From(config),
            Dns = new DnsOptions
            {
                Port = Int(config, "DnsPort", DnsOptions.PortSwitch, 10053, max: 65535),
                ClusterDomain = (config["ClusterDomain"] ?? "cluster.local").TrimEnd('.'),
                Ttl = Int(config, "DnsTtl", DnsOptions.TtlSwitch, 30, max: 3600),
            },
        };
        try
        {
            options.Networking.Validate();
            options.Dns.Validate();
        }
        catch (FormatException e)
        {
            throw new OptionsException(e.Message);
        }
        if (string.IsNullOrWhiteSpace(options.Db)) throw new OptionsException("--db: must be a file path or :memory:");
        if (options.Db != ":memory:")
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(options.Db));
            if (dir is not null && !Directory.Exists(dir)) throw new OptionsException($"--db: the directory {dir} does not exist");
        }
        if ((options.TlsCertFile is null) != (options.TlsPrivateKeyFile is null))
            throw new OptionsException("--tls-cert-file and --tls-private-key-file must be given together");
        foreach (var (file, option) in new[] { (options.TlsCertFile, "--tls-cert-file"), (options.TlsPrivateKeyFile, "--tls-private-key-file") })
            if (file is not null && !File.Exists(file)) throw new OptionsException($"{option}: {file} does not exist");
        if (Machinery.Validation.IpValidation.ParseIp(options.AdvertiseAddress) is null)
            throw new OptionsException($"--advertise-address: \"{options.AdvertiseAddress}\" is not an IP address");
        if (!VersionRegex().IsMatch(options.KubernetesVersion))
            throw new OptionsException($"--kubernetes-version: \"{options.KubernetesVersion}\" is not a version like v1.32.0");
        return options;
    }

    public static int Int(IConfiguration config, string key, string option, int fallback, int min = 0, int max = int.MaxValue)
    {
        var text = config[key];
        if (text is null) return fallback;
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new OptionsException($"{option}: \"{text}\" is not a whole number between {min} and {max}");
        return value;
    }
}

/// <summary>A bad option value; printed as one line and the process exits.</summary>
public sealed class OptionsException(string message) : Exception(message);
