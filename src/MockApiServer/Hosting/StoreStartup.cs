using MockApiServer.Storage;

namespace MockApiServer.Hosting;

/// <summary>
/// Opens the store and seeds it before anything else starts — registered first, so controllers
/// and the HTTP server see a loaded cache (and /readyz answers ok only after this ran).
/// </summary>
public sealed class StoreStartup(ObjectStore store, StartupSeeder seeder, Manifests manifests, Machinery.ResourceStore resources) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        store.Open();
        await seeder.SeedAsync().ConfigureAwait(false);
        await manifests.ApplyAsync(resources).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
