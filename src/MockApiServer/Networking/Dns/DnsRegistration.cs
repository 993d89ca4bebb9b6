namespace MockApiServer.Networking.Dns;

public static class DnsRegistration
{
    /// <summary>The resolver (for DNSQuery and in-pod commands) and the socket server (a hosted service).</summary>
    /// <remarks>Takes <see cref="DnsOptions"/> from the container (the composition binds them).</remarks>
    public static IServiceCollection AddClusterDns(this IServiceCollection services)
    {
        services.AddSingleton<ClusterDnsResolver>();
        services.AddSingleton<ClusterDnsServer>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterDnsServer>());
        return services;
    }
}
