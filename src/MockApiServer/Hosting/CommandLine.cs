using MockApiServer.Api;
using MockApiServer.Controllers;
using MockApiServer.Machinery;
using MockApiServer.Networking;
using MockApiServer.Networking.Dns;
using MockApiServer.Simulation;
using MockApiServer.Storage;

namespace MockApiServer.Hosting;

/// <summary>
/// The command line: every component's switches (<c>--cluster-cidr</c>) mapped onto their
/// configuration keys (<c>ClusterCidr</c>), so a switch, a key in appsettings.json and a
/// <c>MOCKAPI_</c> variable are the same option.
/// </summary>
public static class CommandLine
{
    public static IReadOnlyList<ServerOption> Options { get; } =
    [
        .. StorageOptionsBinding.All, .. EtcdOptionsBinding.All, .. VersionOptions.All, .. ServingOptions.All, .. WatchOptions.All, .. HostingOptions.All, .. LoggingOptions.All, ControllerSelection.Option,
        .. NetworkingOptions.All, .. ClusterOptions.All, .. DnsOptions.All,
    ];

    /// <summary>Switch → configuration key, for <c>AddCommandLine</c>.</summary>
    public static Dictionary<string, string> SwitchMappings { get; } = Options.ToDictionary(o => o.Switch, o => o.Key, StringComparer.Ordinal);
}
