using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// How the API is served: the static-token authentication, TLS, and the address the kubernetes
/// Endpoints show. The version it reports is <see cref="VersionOptions"/>.
/// </summary>
public sealed class ServingOptions
{
    public static readonly ServerOption TokenAuthFileOption = new("TokenAuthFile", "--token-auth-file");
    public static readonly ServerOption TlsCertFileOption = new("TlsCertFile", "--tls-cert-file");
    public static readonly ServerOption TlsPrivateKeyFileOption = new("TlsPrivateKeyFile", "--tls-private-key-file");
    public static readonly ServerOption AdvertiseAddressOption = new("AdvertiseAddress", "--advertise-address");

    public static IReadOnlyList<ServerOption> All { get; } =
        [TokenAuthFileOption, TlsCertFileOption, TlsPrivateKeyFileOption, AdvertiseAddressOption];

    /// <summary>CSV of token,user,uid[,groups]; when set, requests need a bearer token.</summary>
    public string? TokenAuthFile { get; set; }

    /// <summary>PEM certificate and key for HTTPS (both or neither).</summary>
    public string? TlsCertFile { get; set; }
    public string? TlsPrivateKeyFile { get; set; }

    /// <summary>The API server's address as the kubernetes Endpoints show it (a kind-style control-plane IP).</summary>
    public string AdvertiseAddress { get; set; } = "172.18.0.1";

    /// <summary>Reads the keys that are set; the rest keep their defaults above.</summary>
    public void Bind(IConfiguration config)
    {
        TokenAuthFile = TokenAuthFileOption.Text(config) ?? TokenAuthFile;
        TlsCertFile = TlsCertFileOption.Text(config) ?? TlsCertFile;
        TlsPrivateKeyFile = TlsPrivateKeyFileOption.Text(config) ?? TlsPrivateKeyFile;
        AdvertiseAddress = AdvertiseAddressOption.String(config, AdvertiseAddress);
    }

    /// <summary>Checks the values and that the named files exist, so a bad one stops the server before it serves.</summary>
    /// <exception cref="OptionsException">The first bad value, naming its switch.</exception>
    public void Validate()
    {
        if ((TlsCertFile is null) != (TlsPrivateKeyFile is null))
            throw new OptionsException($"{TlsCertFileOption.Switch} and {TlsPrivateKeyFileOption.Switch} must be given together");
        foreach (var (file, option) in new[] { (TlsCertFile, TlsCertFileOption), (TlsPrivateKeyFile, TlsPrivateKeyFileOption) })
            if (file is not null && !File.Exists(file)) throw new OptionsException($"{option.Switch}: {file} does not exist");
        if (Machinery.Validation.IpValidation.ParseIp(AdvertiseAddress) is null)
            throw new OptionsException($"{AdvertiseAddressOption.Switch}: \"{AdvertiseAddress}\" is not an IP address");
    }
}
