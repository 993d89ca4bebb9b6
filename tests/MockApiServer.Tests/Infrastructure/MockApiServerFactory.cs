using k8s;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// One in-process server on its own SQLite file (one per test class through IClassFixture), with
/// the official client wired to it.
/// </summary>
public class MockApiServerFactory : WebApplicationFactory<Program>
{
    /// <summary>A fresh file per instance; set it before the first request to reopen an existing one.</summary>
    public string DbPath { get; init; } = Path.Combine(Path.GetTempPath(), $"mockapi-test-{Guid.NewGuid():N}.db");

    /// <summary>Keep the file on dispose (restart tests reopen it).</summary>
    public bool KeepDatabase { get; init; }

    /// <summary>Extra configuration keys (e.g. "Seed") for derived fixtures.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Db", DbPath);
        // Many fixtures run at once: the DNS socket is off unless a fixture asks for a port.
        builder.UseSetting("DnsPort", "0");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public IKubernetes CreateKubernetesClient() =>
        new Kubernetes(new KubernetesClientConfiguration { Host = "http://localhost" }, new ForwardingHandler(Server.CreateHandler()));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || KeepDatabase) return;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(DbPath + suffix); } catch (IOException) { }
        }
    }

    /// <summary>Sends the client's requests to the test server instead of a socket.</summary>
    private sealed class ForwardingHandler(HttpMessageHandler server) : DelegatingHandler
    {
        private readonly HttpMessageInvoker _server = new(server);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _server.SendAsync(request, cancellationToken);
    }
}
