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

    /// <summary>Switches that may stand alone, meaning true (<c>--publish-node-ports</c>).</summary>
    public static IReadOnlyList<ServerOption> Flags { get; } = [NetworkingOptions.PublishNodePortsOption];

    /// <summary>The arguments with a value after each flag given alone, since <c>AddCommandLine</c> reads the next argument as its value.</summary>
    public static string[] ExpandFlags(string[] args)
    {
        var expanded = new List<string>(args.Length + 1);
        for (var i = 0; i < args.Length; i++)
        {
            expanded.Add(args[i]);
            if (Flags.Any(f => f.Switch == args[i]) && (i + 1 == args.Length || args[i + 1].StartsWith('-') || !bool.TryParse(args[i + 1], out _)))
                expanded.Add("true");
        }
        return [.. expanded];
    }

    /// <summary>Switch → configuration key, for <c>AddCommandLine</c>.</summary>
    public static Dictionary<string, string> SwitchMappings { get; } = Options.ToDictionary(o => o.Switch, o => o.Key, StringComparer.Ordinal);
}
