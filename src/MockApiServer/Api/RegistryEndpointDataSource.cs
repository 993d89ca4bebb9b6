using Microsoft.Extensions.Primitives;
using MockApiServer.Machinery;

namespace MockApiServer.Api;

/// <summary>
/// Routes generated from the registry, rebuilt whenever a kind is added or removed (a
/// CustomResourceDefinition established or deleted): the same mapping code runs for built-in and
/// custom kinds, into a private route builder, and ASP.NET Core's matcher swaps in the new table
/// when the change token fires. A request already matched keeps the definition it matched.
/// </summary>
internal sealed class RegistryEndpointDataSource(IServiceProvider services, ResourceRegistry registry, Action<IEndpointRouteBuilder, IReadOnlyList<ResourceDefinition>> map)
    : EndpointDataSource
{
    private readonly Lock _gate = new();
    private Built? _built;

    public override IReadOnlyList<Endpoint> Endpoints => Current().Endpoints;

    public override IChangeToken GetChangeToken() => Current().Token;

    private Built Current()
    {
        lock (_gate)
        {
            // The token is taken before the list, so a change in between fires it and the matcher reads again.
            var token = registry.ChangeToken;
            var all = registry.All;
            if (_built is { } built && ReferenceEquals(built.From, all)) return built;
            var builder = new ScratchRouteBuilder(services);
            map(builder, all);
            _built = new Built(all, [.. builder.DataSources.SelectMany(d => d.Endpoints)], token);
            return _built;
        }
    }

    private sealed record Built(IReadOnlyList<ResourceDefinition> From, IReadOnlyList<Endpoint> Endpoints, IChangeToken Token);

    private sealed class ScratchRouteBuilder(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider => services;

        public ICollection<EndpointDataSource> DataSources { get; } = new List<EndpointDataSource>();

        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);
    }
}
