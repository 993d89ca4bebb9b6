using Microsoft.AspNetCore.Hosting;
using MockApiServer.Testing;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// The published fixture (MockApiServer.Testing), one in-process server on its own SQLite file per
/// test class through IClassFixture, so the project's own tests exercise it; derived fixtures add
/// configuration keys through <see cref="Settings"/>.
/// </summary>
public class MockApiServerFactory : MockApiServerFixture
{
    public MockApiServerFactory() { }

    /// <summary>A server started with <paramref name="options"/>, for what only options carry (an access token, a fake clock).</summary>
    protected MockApiServerFactory(MockApiServerOptions options) : base(options) { }

    /// <summary>Extra configuration keys (e.g. "Seed") for derived fixtures; they win over the options.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }
}
