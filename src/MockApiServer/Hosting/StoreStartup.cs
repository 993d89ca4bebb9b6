using MockApiServer.Machinery;

namespace MockApiServer.Hosting;

/// <summary>
/// Opens the store and seeds it before anything else starts — registered first, so controllers
/// and the HTTP server see a loaded cache (and /readyz answers ok only after this ran).
/// </summary>
public sealed class StoreStartup(ResourceStore store, StartupSeeder seeder, Manifests manifests, ILogger<StoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        store.Open();
        var opened = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        await seeder.SeedAsync().ConfigureAwait(false);
        await manifests.ApplyAsync(store).ConfigureAwait(false);
        logger.LogInformation("Store open in {OpenMs:F0} ms, seeded in {SeedMs:F0} ms, at revision {Revision}",
            opened.TotalMilliseconds, (System.Diagnostics.Stopwatch.GetElapsedTime(started) - opened).TotalMilliseconds, store.Snapshot.Revision);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
