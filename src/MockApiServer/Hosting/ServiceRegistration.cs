using MockApiServer.Api;
using MockApiServer.Controllers;
using MockApiServer.Machinery;
using MockApiServer.Networking.Routing;
using MockApiServer.Resources.RouteReviews;
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
        var registry = new ResourceRegistry().AddCoreResources(options.Networking, random).AddMockApiResources();
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
}
