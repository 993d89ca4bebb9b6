namespace MockApiServer.Testing;

/// <summary>
/// Starts a MockApiServer for any test framework, or none: NUnit, MSTest, a console program, a
/// benchmark. <c>await using var server = await MockCluster.StartAsync();</c> then
/// <c>server.Client</c> and <c>server.BaseAddress</c>; disposing it stops the server and deletes
/// its database. xunit users can take <see cref="MockApiServerFixture"/> as a class fixture instead.
/// </summary>
public static class MockCluster
{
    /// <summary>Starts a server with <paramref name="options"/> (the defaults when null) and returns it running and seeded.</summary>
    public static async Task<MockApiServerFixture> StartAsync(MockApiServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new Started(options ?? new MockApiServerOptions());
        try
        {
            // WebApplicationFactory starts synchronously; off the caller's thread, so a UI or a
            // single-threaded test runner is not blocked while the store opens and seeds.
            await Task.Run(() => server.Client, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The fixture with a public constructor taking options.</summary>
    private sealed class Started(MockApiServerOptions options) : MockApiServerFixture(options);
}
