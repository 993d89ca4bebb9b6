using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MockApiServer.Machinery;

namespace MockApiServer.Testing;

/// <summary>
/// A MockApiServer in the test process, on its own temporary SQLite file, with the official
/// Kubernetes client wired to it. Share one per test class (xunit's <c>IClassFixture</c>) and
/// call <see cref="ResetAsync"/> between tests; derive from it to pass
/// <see cref="MockApiServerOptions"/>.
/// </summary>
/// <remarks>
/// The server starts on first use of <see cref="Client"/> (or any WebApplicationFactory member).
/// At that moment the fixture records what the server seeded — the system namespaces, the nodes,
/// the <c>kubernetes</c> Service, the <c>--manifests</c> objects — as the state that
/// <see cref="ResetAsync"/> returns to. After WebApplicationFactory's <c>UseKestrel</c> the server
/// listens on a real socket as well, and <see cref="Client"/> talks to it there.
/// </remarks>
public class MockApiServerFixture : WebApplicationFactory<Program>
{
    /// <summary>How long the wait helpers wait when the caller gives no timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private readonly Lazy<IKubernetes> _client;
    private ClusterBaseline? _baseline;
    private Func<Kubernetes>? _newClient;
    private Uri? _baseAddress;

    /// <summary>A server with the default options: three nodes, the stock ranges, the system clock.</summary>
    public MockApiServerFixture() : this(new MockApiServerOptions()) { }

    /// <summary>A server started with <paramref name="options"/>; for derived fixtures (xunit wants one public constructor).</summary>
    protected MockApiServerFixture(MockApiServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _client = new Lazy<IKubernetes>(() => NewClient());
        if (options.ListenOnLoopback) UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>The options this server was started with.</summary>
    public MockApiServerOptions Options { get; }

    /// <summary>
    /// The server's SQLite file: fresh per fixture unless set, before the server starts, to one an
    /// earlier fixture kept (a restart); deleted when the fixture is disposed unless <see cref="KeepDatabase"/>.
    /// </summary>
    public string DatabasePath { get; init; } = Path.Combine(Path.GetTempPath(), $"mockapi-fixture-{Guid.NewGuid():N}.db");

    /// <summary>Leaves <see cref="DatabasePath"/> in place on dispose, for a later fixture to start on.</summary>
    public bool KeepDatabase { get; init; }

    /// <summary>The official client, talking to this server in memory (no socket). Starts the server on first use.</summary>
    public IKubernetes Client => _client.Value;

    /// <summary>
    /// Where the server answers: <c>http://127.0.0.1:PORT/</c> with
    /// <see cref="MockApiServerOptions.ListenOnLoopback"/> (or <c>UseKestrel</c>), else the
    /// in-memory server's <c>http://localhost/</c>, which only <see cref="Client"/> and
    /// <c>CreateClient()</c> reach. Starts the server on first use.
    /// </summary>
    public Uri BaseAddress
    {
        get
        {
            _ = Services; // starts the server, which tells where it listens
            return _baseAddress ?? throw new InvalidOperationException("The server started without telling where it listens.");
        }
    }

    /// <summary>
    /// Polls <paramref name="condition"/> until it returns true. A 404 from the client counts as
    /// "not yet" (the object may still be on its way); any other exception ends the wait.
    /// </summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public async Task WaitForAsync(Func<IKubernetes, Task<bool>> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await WaitForAsync(async client => await condition(client).ConfigureAwait(false) ? condition : null, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns a value, and returns that value. A 404 from
    /// the client counts as "not yet"; any other exception ends the wait.
    /// </summary>
    /// <exception cref="TimeoutException">No value within <paramref name="timeout"/>.</exception>
    public async Task<T> WaitForAsync<T>(Func<IKubernetes, Task<T?>> probe, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var limit = timeout ?? DefaultTimeout;
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (await ProbeAsync(probe).ConfigureAwait(false) is { } value) return value;
            if (TimeProvider.System.GetElapsedTime(started) >= limit)
                throw new TimeoutException($"The condition did not hold within {limit.TotalSeconds:0.###}s.");
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the pod exists and its Ready condition is True; returns the pod as it was then.</summary>
    /// <exception cref="TimeoutException">The pod was not Ready within <paramref name="timeout"/>.</exception>
    public Task<V1Pod> WaitForPodReadyAsync(string @namespace, string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForAsync(async client =>
        {
            var pod = await client.CoreV1.ReadNamespacedPodAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true ? pod : null;
        }, timeout, cancellationToken);

    /// <summary>
    /// Waits until the Service's Endpoints list at least <paramref name="readyAddresses"/> ready
    /// addresses (the endpoints controller's work); returns the Endpoints as they were then.
    /// </summary>
    /// <exception cref="TimeoutException">Fewer addresses within <paramref name="timeout"/>.</exception>
    public Task<V1Endpoints> WaitForEndpointsAsync(string @namespace, string service, int readyAddresses = 1, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForAsync(async client =>
        {
            var endpoints = await client.CoreV1.ReadNamespacedEndpointsAsync(service, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            var count = endpoints.Subsets?.Sum(s => s.Addresses?.Count ?? 0) ?? 0;
            return count >= readyAddresses ? endpoints : null;
        }, timeout, cancellationToken);

    /// <summary>
    /// Deletes every namespace, node, pod, Service, Endpoints and Event created since the server
    /// started, and waits until they are gone, so the next test starts from the seeded state.
    /// Seeded objects that a test changed stay as the test left them.
    /// </summary>
    /// <exception cref="TimeoutException">Something was still there after <paramref name="timeout"/>.</exception>
    public async Task ResetAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var baseline = Baseline;
        await baseline.DeleteNewObjectsAsync(Client, cancellationToken).ConfigureAwait(false);
        await WaitForAsync(client => baseline.IsRestoredAsync(client, cancellationToken), timeout ?? DefaultTimeout * 3, cancellationToken).ConfigureAwait(false);
        // Deleting pods records events (Killing) after the fact; sweep those too.
        await baseline.DeleteNewEventsAsync(Client, cancellationToken).ConfigureAwait(false);
    }

    private ClusterBaseline Baseline
    {
        get
        {
            _ = Services; // starts the server, which records the baseline
            return _baseline ?? throw new InvalidOperationException("The server started without recording its seeded state.");
        }
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // From a package (no project reference, so no MvcTestingAppManifest entry) the factory
        // guesses a folder beside the consumer's solution that does not exist; the test's own
        // output folder does, and holds everything the server reads.
        if (builder.GetSetting(WebHostDefaults.ContentRootKey) is not { } root || !Directory.Exists(root))
            builder.UseContentRoot(AppContext.BaseDirectory);
        // A server on etcd (the setting EtcdServers) takes no SQLite file.
        if (!Options.Settings.ContainsKey("EtcdServers")) builder.UseSetting("Db", DatabasePath);
        foreach (var (key, value) in Options.ToSettings()) builder.UseSetting(key, value);
        if (Options.TimeProvider is { } time)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(time);
            });
        }
    }

    /// <inheritdoc />
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        var server = host.Services.GetRequiredService<IServer>();
        _baseAddress = AddressOf(server);
        _newClient = ClientFactory(server, _baseAddress, Options.AccessToken);
        _baseline = ClusterBaseline.Capture(host.Services.GetRequiredService<ResourceStore>());
        return host;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _client.IsValueCreated) _client.Value.Dispose();
        base.Dispose(disposing);
        if (!disposing || KeepDatabase) return;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
        }
    }

    private Kubernetes NewClient()
    {
        _ = Services; // starts the server, which tells how to reach it
        return (_newClient ?? throw new InvalidOperationException("The server started without telling how to reach it."))();
    }

    private static Uri AddressOf(IServer server) =>
        server is TestServer test
            ? test.BaseAddress
            : new Uri(server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? throw new InvalidOperationException("The server listens on no address."));

    /// <summary>Clients of the in-memory server, or of the socket that UseKestrel opened.</summary>
    private static Func<Kubernetes> ClientFactory(IServer server, Uri address, string? accessToken)
    {
        var configuration = new KubernetesClientConfiguration { Host = address.ToString().TrimEnd('/'), AccessToken = accessToken };
        if (server is TestServer test)
            return () => new Kubernetes(configuration, new ForwardingHandler(test.CreateHandler()));
        return () => new Kubernetes(configuration);
    }

    private static async Task<T?> ProbeAsync<T>(Func<IKubernetes, Task<T?>> probe, IKubernetes client) where T : class
    {
        try
        {
            return await probe(client).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Task<T?> ProbeAsync<T>(Func<IKubernetes, Task<T?>> probe) where T : class => ProbeAsync(probe, Client);

    /// <summary>Sends the client's requests to the in-memory server instead of a socket.</summary>
    private sealed class ForwardingHandler(HttpMessageHandler server) : DelegatingHandler
    {
        private readonly HttpMessageInvoker _server = new(server);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _server.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _server.Dispose();
            base.Dispose(disposing);
        }
    }
}
