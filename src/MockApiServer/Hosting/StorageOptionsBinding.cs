using MockApiServer.Machinery;
using MockApiServer.Storage;

namespace MockApiServer.Hosting;

/// <summary>
/// <see cref="StorageOptions"/> from configuration: which keys and switches set it and what a
/// valid value is. Storage depends on nothing of ours, so its binding lives in the composition.
/// </summary>
public static class StorageOptionsBinding
{
    public static readonly ServerOption DbOption = new("Db", "--db");
    public static readonly ServerOption HistorySizeOption = new("HistorySize", "--history-size");

    public static IReadOnlyList<ServerOption> All { get; } = [DbOption, HistorySizeOption];

    /// <summary>Reads the keys that are set; the rest keep the class's defaults.</summary>
    /// <exception cref="OptionsException">The history size is not a whole number of at least 100.</exception>
    public static void Bind(this StorageOptions options, IConfiguration config)
    {
        options.Db = DbOption.String(config, options.Db);
        options.HistorySize = HistorySizeOption.Int(config, options.HistorySize, min: 100);
    }

    /// <exception cref="OptionsException">No path, or its folder does not exist.</exception>
    public static void Validate(this StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Db)) throw new OptionsException($"{DbOption.Switch}: must be a file path or :memory:");
        if (options.Db == ":memory:") return;
        var dir = Path.GetDirectoryName(Path.GetFullPath(options.Db));
        if (dir is not null && !Directory.Exists(dir)) throw new OptionsException($"{DbOption.Switch}: the directory {dir} does not exist");
    }
}
