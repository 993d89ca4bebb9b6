using System.Text.RegularExpressions;

namespace MockApiServer.Machinery;

/// <summary>
/// The Kubernetes version the whole cluster reports — /version and the OpenAPI info from the API
/// server, nodeInfo.kubeletVersion from every node — so it lives below both.
/// </summary>
public sealed partial class VersionOptions
{
    public static readonly ServerOption KubernetesVersionOption = new("KubernetesVersion", "--kubernetes-version");

    public static IReadOnlyList<ServerOption> All { get; } = [KubernetesVersionOption];

    public string KubernetesVersion { get; set; } = "v1.32.0";

    public string KubernetesMajor => VersionMatch().Groups[1].Value;
    public string KubernetesMinor => VersionMatch().Groups[2].Value;

    public void Bind(IConfiguration config) => KubernetesVersion = KubernetesVersionOption.String(config, KubernetesVersion);

    /// <exception cref="OptionsException">Not a version like v1.32.0.</exception>
    public void Validate()
    {
        if (!VersionRegex().IsMatch(KubernetesVersion))
            throw new OptionsException($"{KubernetesVersionOption.Switch}: \"{KubernetesVersion}\" is not a version like v1.32.0");
    }

    [GeneratedRegex(@"^v(\d+)\.(\d+)\.(\d+)$")]
    private static partial Regex VersionRegex();

    private Match VersionMatch() => VersionRegex().Match(KubernetesVersion);
}
