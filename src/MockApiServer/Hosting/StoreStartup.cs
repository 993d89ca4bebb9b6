using System.Diagnostics;
using MockApiServer.Machinery;

namespace MockApiServer.Hosting;

/// <summary>
/// Opens the store and seeds it before anything else starts — registered first, so controllers
/// and the HTTP server see a loaded cache (and /readyz answers ok only after this ran). What is not
/// needed to answer requests waits for its first use instead (the OpenAPI documents and the
/// client's XML docs they read: see <see cref="Api.OpenApiDocuments"/>).
/// </summary>
public sealed class StoreStartup(ResourceStore store, StartupSeeder seeder, Manifests manifests, IHostApplicationLifetime lifetime, ILogger<StoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        store.Open();
        var opened = Stopwatch.GetElapsedTime(started);
        await seeder.SeedAsync().ConfigureAwait(false);
        await manifests.ApplyAsync(store).ConfigureAwait(false);
        logger.LogInformation("Store open in {OpenMs:F0} ms, seeded in {SeedMs:F0} ms, at revision {Revision}",
            opened.TotalMilliseconds, (Stopwatch.GetElapsedTime(started) - opened).TotalMilliseconds, store.Snapshot.Revision);
        // Where a start's time goes (--v=4): most of it is compiling code, which ReadyToRun (.ci/publish) saves.
        if (!logger.IsEnabled(LogLevel.Debug)) return;
        lifetime.ApplicationStarted.Register(() => logger.LogDebug("Started {SinceProcessStartMs:F0} ms after the process began; JIT compiled {Methods} methods in {JitMs:F0} ms",
            (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds, System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
