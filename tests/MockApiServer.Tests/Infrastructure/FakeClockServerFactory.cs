using Microsoft.Extensions.Time.Testing;
using MockApiServer.Testing;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>A server on a fake clock that starts at the real time: probes, back-off and sleeps move only when a test advances it.</summary>
public sealed class FakeClockServerFactory() : MockApiServerFactory(new MockApiServerOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow) })
{
    public FakeTimeProvider Clock => (FakeTimeProvider)Options.TimeProvider!;

    /// <summary>
    /// Polls while moving the clock a second per probe: a timer the server sets right after the
    /// state a test saw (a back-off, a probe period, a sleep) is then still passed, however late it was set.
    /// </summary>
    public Task<T> TickingUntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done) =>
        Poll.UntilAsync(() =>
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            return probe();
        }, done, timeoutMs: 20_000);
}
