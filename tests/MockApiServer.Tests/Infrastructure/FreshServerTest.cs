using k8s;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// A server of its own for every test (xunit makes one class instance per test), for behaviour
/// over cluster-wide state, such as address pools, that tests sharing a fixture would disturb.
/// </summary>
public abstract class FreshServerTest<TFactory> : IAsyncLifetime
    where TFactory : MockApiServerFactory, new()
{
    protected TFactory Factory { get; } = new();

    protected IKubernetes Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Factory.Client;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
