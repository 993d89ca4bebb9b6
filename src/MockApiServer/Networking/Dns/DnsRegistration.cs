namespace MockApiServer.Networking.Dns;

public static class DnsRegistration
{
    /// <summary>The resolver (for DNSQuery and in-pod commands) and the socket server (a hosted service).</summary>
    public static IServiceCollection AddClusterDns(this IServiceCollection services, DnsOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ClusterDnsResolver>();
        services.AddSingleton<ClusterDnsServer>();
        services.AddSingleton<Resources.DnsQueries.DnsQueryReview>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterDnsServer>());
        return services;
    }
}
