using Microsoft.Extensions.Time.Testing;
using MockApiServer.Testing;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>A server on a fake clock that starts at the real time: probes, back-off and sleeps move only when a test advances it.</summary>
public sealed class FakeClockServerFactory() : MockApiServerFactory(new MockApiServerOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow) })
{
    public FakeTimeProvider Clock => (FakeTimeProvider)Options.TimeProvider!;
}
