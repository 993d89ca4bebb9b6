using MockApiServer.Machinery;

namespace MockApiServer.Hosting;

/// <summary>
/// kube-apiserver's own controllers for what a cluster cannot do without: every 10 s (its
/// EndpointInterval) the system namespaces and default/kubernetes, with its Endpoints and
/// EndpointSlice, are created again if a client deleted them (<see cref="StartupSeeder.ReconcileAsync"/>).
/// The seed at start is the first pass. Part of the API server, so not a <c>--controllers</c> name.
/// </summary>
public sealed class BootstrapController(StartupSeeder seeder, TimeProvider time, ILogger<BootstrapController> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await seeder.ReconcileAsync().ConfigureAwait(false);
            }
            catch (ApiException e)
            {
                // kube-apiserver logs and tries again next interval (e.g. 10.96.0.1 taken by another Service).
                logger.LogWarning("Could not restore the API server's own objects: {Message}", e.Message);
            }
        }
    }
}
