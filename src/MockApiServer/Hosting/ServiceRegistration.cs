using MockApiServer.Api;
using MockApiServer.Controllers;
using MockApiServer.Machinery;
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
        services.AddSingleton(new ResourceRegistry().AddCoreResources(options.Networking, random).AddDiscoveryResources());
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
        services.AddHostedService<EndpointsController>();
        services.AddHostedService<EndpointSliceController>();
        services.AddHostedService<EndpointSliceMirroringController>();
        return services;
    }

    public static IServiceCollection AddKubernetesSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(c =>
        {
            c.SwaggerDoc("v1", new Microsoft.OpenApi.OpenApiInfo { Title = "MockApiServer (Kubernetes API)", Version = "v1" });
            c.CustomOperationIds(d => d.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName);
            c.OperationFilter<KubeOperationFilter>();
        });
        return services;
    }
}
