using MockApiServer.Api;
using MockApiServer.Controllers;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking.Dns;
using MockApiServer.Networking.Routing;
using MockApiServer.Resources.RouteReviews;
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
        var registry = new ResourceRegistry().AddCoreResources(options.Networking, random).AddDiscoveryResources().AddMockApiResources();
        services.AddSingleton(registry);
        services.AddKubernetesOpenApi(registry);
        services.AddSingleton<IStorageBackend, SqliteStorageBackend>();
        services.AddSingleton<ObjectCache>();
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
        var controllers = options.Controllers;
        services.AddController<NamespaceController>(controllers, "namespace");
        services.AddController<ServiceAllocationRepairController>(controllers, "service-repair");
        services.AddController<LoadBalancerController>(controllers, "loadbalancer");
        services.AddController<NodeController>(controllers, "node");
        services.AddController<SchedulerController>(controllers, "scheduler");
        services.AddController<KubeletController>(controllers, "kubelet");
        services.AddController<EndpointsController>(controllers, "endpoints");
        services.AddController<EndpointSliceController>(controllers, "endpointslice");
        services.AddController<EndpointSliceMirroringController>(controllers, "endpointslice-mirroring");
        services.AddClusterDns(options.Dns);
        services.AddRoutingModel();
        return services;
    }

    /// <summary>The kube-proxy model: the routing controller (one table for every reader), the resolver and RouteReview.</summary>
    public static IServiceCollection AddRoutingModel(this IServiceCollection services)
    {
        services.AddSingleton<RoutingController>();
        services.AddHostedService(sp => sp.GetRequiredService<RoutingController>());
        services.AddSingleton<IRoutingTableSource>(sp => sp.GetRequiredService<RoutingController>());
        services.AddSingleton<SessionAffinity>();
        services.AddSingleton<RouteResolver>();
        services.AddSingleton<RouteReviewer>();
        return services;
    }

    /// <summary>A controller is always resolvable (tests call its sync directly) but runs only when enabled.</summary>
    public static IServiceCollection AddController<T>(this IServiceCollection services, ControllerSelection selection, string name) where T : class, IHostedService
    {
        services.AddSingleton<T>();
        if (selection.IsEnabled(name)) services.AddHostedService(sp => sp.GetRequiredService<T>());
        return services;
    }
}
