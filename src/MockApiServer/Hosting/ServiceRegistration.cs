using MockApiServer.Api;
using MockApiServer.Controllers;
using MockApiServer.Machinery;
using MockApiServer.Networking.Dns;
using MockApiServer.Resources;
using MockApiServer.Storage;

namespace MockApiServer.Hosting;

/// <summary>The composition root's building blocks, called from Program.cs.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddMockApiServer(this IServiceCollection services, ServerOptions options)
    {
        var random = new RandomSource(options.Seed);
        services.AddSingleton(options);
        services.AddSingleton(random);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new StorageOptions { Db = options.Db, HistorySize = options.HistorySize });
        services.AddSingleton(options.Networking);
        var registry = new ResourceRegistry().AddCoreResources(options.Networking, random);
        services.AddSingleton(registry);
        services.AddKubernetesOpenApi(registry);
        services.AddSingleton<ObjectStore>();
        services.AddSingleton<ResourceStore>();
        services.AddSingleton<StartupSeeder>();
        services.AddSingleton(options.Watch);
        services.AddSingleton<Responses>();
        services.AddSingleton<WatchStream>();
        services.AddSingleton<Patcher>();
        services.AddSingleton<ResourceApi.Handlers>();
        services.AddSingleton<EventRecorder>();
        services.AddHostedService<StoreStartup>();
        services.AddHostedService<NamespaceController>();
        services.AddClusterDns(options.Dns);
        return services;
    }
}
