using MockApiServer.Api;
using MockApiServer.Controllers;
using MockApiServer.Machinery;
using MockApiServer.Networking.Dns;
using MockApiServer.Resources;
using MockApiServer.Resources.Pods;
using MockApiServer.Simulation;
using MockApiServer.Storage;

namespace MockApiServer.Hosting;

/// <summary>The composition root's building blocks, called from Program.cs.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddMockApiServer(this IServiceCollection services, ServerOptions options)
    {
        var random = new RandomSource(options.Seed);
        services.AddSingleton(options);
        services.AddSingleton(Manifests.Load(options.Manifests));
        services.AddSingleton(TokenFile.Load(options.TokenAuthFile));
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
        services.AddSingleton<PodLogApi.Handler>();
        services.AddSingleton<PodExecApi.Handler>();
        services.AddSingleton<EventRecorder>();
        services.AddSingleton(options.Cluster);
        services.AddSingleton<PodBinder>();
        services.AddSingleton<PodIpAllocator>();
        services.AddSingleton<ContainerRuntimeStore>();
        services.AddHostedService<StoreStartup>();
        services.AddHostedService<NamespaceController>();
        services.AddSingleton<ServiceAllocationRepairController>();
        services.AddHostedService(sp => sp.GetRequiredService<ServiceAllocationRepairController>());
        services.AddSingleton<LoadBalancerController>();
        services.AddHostedService(sp => sp.GetRequiredService<LoadBalancerController>());
        services.AddHostedService<NodeController>();
        services.AddHostedService<SchedulerController>();
        services.AddHostedService<KubeletController>();
        services.AddClusterDns(options.Dns);
        return services;
    }
}
