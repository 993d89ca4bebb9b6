using Microsoft.Extensions.Configuration.Memory;
using MockApiServer.Machinery;

namespace MockApiServer.Hosting;

/// <summary>
/// How much the server logs: <c>--v</c>, kube-apiserver's klog verbosity, turned into the
/// <c>Logging:LogLevel</c> defaults. They live in code rather than in appsettings.json because the
/// content root is the working directory: a server started from another folder would not find the
/// file and would log every request at Information, which costs most of its throughput.
/// </summary>
public sealed class LoggingOptions
{
    public static readonly ServerOption VerbosityOption = new("Verbosity", "--v");

    public static IReadOnlyList<ServerOption> All { get; } = [VerbosityOption];

    /// <summary>klog's highest level.</summary>
    public const int MaxVerbosity = 10;

    /// <summary>From this level on (klog's "debug" levels) ASP.NET Core logs every request and the server logs at Debug.</summary>
    public const int RequestVerbosity = 4;

    public int Verbosity { get; set; }

    /// <exception cref="OptionsException">The verbosity is not a whole number from 0 to 10.</exception>
    public void Bind(IConfiguration config) => Verbosity = VerbosityOption.Int(config, Verbosity, min: 0, max: MaxVerbosity);

    /// <summary>The log levels of this verbosity, as <c>Logging:LogLevel</c> keys.</summary>
    public Dictionary<string, string?> LogLevels()
    {
        var verbose = Verbosity >= RequestVerbosity;
        var levels = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = verbose ? "Information" : "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        };
        if (verbose) levels["Logging:LogLevel:MockApiServer"] = "Debug";
        return levels;
    }

    /// <summary>
    /// Puts the log levels of the configured <c>--v</c> under every other configuration source, so a
    /// <c>Logging</c> key in appsettings.json, a variable or a switch still overrides them.
    /// </summary>
    /// <exception cref="OptionsException">A bad <c>--v</c>.</exception>
    public static void AddLogLevelDefaults(ConfigurationManager configuration)
    {
        var options = new LoggingOptions();
        options.Bind(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = options.LogLevels() });
    }
}
