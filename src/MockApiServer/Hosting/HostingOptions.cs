using MockApiServer.Machinery;

namespace MockApiServer.Hosting;

/// <summary>What the composition itself reads: the random seed every component shares, and the manifests created at start.</summary>
public sealed class HostingOptions
{
    public static readonly ServerOption SeedOption = new("Seed", "--seed");
    public static readonly ServerOption ManifestsOption = new("Manifests", "--manifests");

    public static IReadOnlyList<ServerOption> All { get; } = [SeedOption, ManifestsOption];

    /// <summary>Seed for uids, generated names and IP choices; null for a random one.</summary>
    public int? Seed { get; set; }

    /// <summary>A file or folder of manifests created at start (see <see cref="Hosting.Manifests"/>).</summary>
    public string? Manifests { get; set; }

    /// <exception cref="OptionsException">The seed is not a whole number.</exception>
    public void Bind(IConfiguration config)
    {
        if (SeedOption.Text(config) is not null) Seed = SeedOption.Int(config, 0, min: int.MinValue);
        Manifests = ManifestsOption.Text(config) ?? Manifests;
    }
}
