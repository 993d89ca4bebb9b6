using MockApiServer.Api;
using MockApiServer.Controllers;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking;
using MockApiServer.Networking.Dns;
using MockApiServer.Networking.Routing;
using MockApiServer.Resources;
using MockApiServer.Resources.DnsQueries;
using MockApiServer.Resources.Pods;
using MockApiServer.Resources.RouteReviews;
using MockApiServer.Simulation;
using MockApiServer.Storage;
using MockApiServer.Storage.Etcd;

namespace MockApiServer.Hosting;

/// <summary>The composition root's building blocks, called from Program.cs.</summary>
public static class ServiceRegistration
{
    /// <summary>Everything the server runs, its options bound from <paramref name="configuration"/> (see <see cref="CommandLine"/>).</summary>
    /// <exception cref="OptionsException">--controllers names an unknown controller (it decides what is registered, so it is read now).</exception>
    public static IServiceCollection AddMockApiServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddComponentOptions<HostingOptions>(configuration, (o, c) => o.Bind(c));
        services.AddComponentOptions<LoggingOptions>(configuration, (o, c) => o.Bind(c));
        services.AddComponentOptions<StorageOptions>(configuration, (o, c) => o.Bind(c), o => o.Validate());
        services.AddComponentOptions<EtcdOptions>(configuration, (o, c) => o.Bind(c), o => o.Validate());
        services.AddComponentOptions<VersionOptions>(configuration, (o, c) => o.Bind(c), o => o.Validate());
        services.AddComponentOptions<ServingOptions>(configuration, (o, c) => o.Bind(c), o => o.Validate());
        services.AddComponentOptions<WatchOptions>(configuration, (o, c) => o.Bind(c));
        services.AddComponentOptions<NetworkingOptions>(configuration, (o, c) => o.Bind(c), o => o.Validate());
        services.AddComponentOptions<ClusterOptions>(configuration, (o, c) => o.Bind(c), o => o.Validate());
        services.AddComponentOptions<DnsOptions>(configuration, (o, c) => o.Bind(c), o => o.Validate());
        var controllers = ControllerSelection.From(configuration);
        services.AddSingleton(controllers);

        services.AddSingleton(sp => Manifests.Load(sp.GetRequiredService<HostingOptions>().Manifests));
        services.AddSingleton(sp => TokenFile.Load(sp.GetRequiredService<ServingOptions>().TokenAuthFile));
        services.AddScoped<RequestUser>();
        services.AddSingleton(sp => new RandomSource(sp.GetRequiredService<HostingOptions>().Seed));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ResourceRegistry()
            .AddCoreResources(sp.GetRequiredService<NetworkingOptions>(), sp.GetRequiredService<RandomSource>())
            .AddDiscoveryResources()
            .AddAppsResources()
            .AddAuthResources()
            .AddCoordinationResources()
            .AddMockApiResources()
            .AddApiExtensionsResources());
        services.AddKubernetesOpenApi();
        services.AddStorageBackend();
        services.AddSingleton<ObjectCache>();
        services.AddSingleton<ResourceStore>();
        services.AddSingleton<StartupSeeder>();
        services.AddHostedService<BootstrapController>();
        services.AddSingleton<Responses>();
        services.AddSingleton<WatchStream>();
        services.AddSingleton<Patcher>();
        services.AddSingleton<ResourceApi.Handlers>();
        services.AddSingleton<PodLogApi.Handler>();
        services.AddSingleton<PodExecApi.Handler>();
        services.AddSingleton<PodAttachApi.Handler>();
        services.AddSingleton<ProxyApi.Handler>();
        services.AddSingleton<PodPortForwardApi.Handler>();
        services.AddSingleton<EventRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<EventRecorder>());
        services.AddSingleton<PodBinder>();
        services.AddSingleton<PodIpAllocator>();
        services.AddSingleton<ContainerRuntimeStore>();
        services.AddHostedService<StoreStartup>();
        services.AddController<NamespaceController>(controllers, "namespace");
        services.AddController<CustomResourceDefinitionController>(controllers, "apiextensions");
        services.AddController<ServiceAccountsController>(controllers, "serviceaccount");
        services.AddController<ServiceAllocationRepairController>(controllers, "service-repair");
        services.AddController<LoadBalancerController>(controllers, "loadbalancer");
        services.AddController<NodeController>(controllers, "node");
        services.AddController<SchedulerController>(controllers, "scheduler");
        services.AddSingleton<KubeletProbes>();
        services.AddController<KubeletController>(controllers, "kubelet");
        services.AddController<EndpointsController>(controllers, "endpoints");
        services.AddController<EndpointSliceController>(controllers, "endpointslice");
        services.AddController<EndpointSliceMirroringController>(controllers, "endpointslice-mirroring");
        services.AddController<ReplicaSetController>(controllers, "replicaset");
        services.AddController<DeploymentController>(controllers, "deployment");
        services.AddController<StatefulSetController>(controllers, "statefulset");
        services.AddController<GarbageCollector>(controllers, "garbagecollector");
        services.AddClusterDns();
        services.AddSingleton<DnsQueryReview>();
        services.AddRoutingModel();
        // Like --controllers, the flag decides what runs, so it is read now.
        services.AddSingleton<NodePortPublisher>();
        if (NetworkingOptions.PublishNodePortsOption.Bool(configuration, false)) services.AddHostedService(sp => sp.GetRequiredService<NodePortPublisher>());
        return services;
    }

    /// <summary>The store: etcd when <c>--etcd-servers</c> names a cluster, the SQLite file otherwise.</summary>
    public static IServiceCollection AddStorageBackend(this IServiceCollection services)
    {
        services.AddSingleton<IStorageBackend>(sp => sp.GetRequiredService<EtcdOptions>() is { Enabled: true } etcd
            ? new EtcdStorageBackend(etcd, new EtcdKeyLayout(etcd.Prefix, sp.GetRequiredService<ResourceRegistry>().All.Select(r => r.GroupResource)),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EtcdStorageBackend>>())
            : new SqliteStorageBackend(sp.GetRequiredService<StorageOptions>()));
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
