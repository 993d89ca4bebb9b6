using Microsoft.Extensions.Time.Testing;
using MockApiServer.Machinery;

namespace MockApiServer.Tests.Machinery;

public class KubeTimeTests
{
    [Fact]
    public void Truncate_DropsTheFractionAndKeepsTheKind()
    {
        var exact = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(9_999_999);

        var truncated = KubeTime.Truncate(exact);

        Assert.Equal(new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc), truncated);
        Assert.Equal(DateTimeKind.Utc, truncated.Kind);
    }

    [Fact]
    public void Truncate_OfWholeSeconds_IsTheSameTime()
    {
        var whole = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);

        Assert.Equal(whole, KubeTime.Truncate(whole));
    }

    [Fact]
    public void UtcNow_IsTheProvidersUtcNowWithoutTheFraction()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(2)));

        var now = KubeTime.UtcNow(time);

        Assert.Equal(new DateTime(2025, 3, 4, 3, 6, 7, DateTimeKind.Utc), now);
        Assert.Equal(DateTimeKind.Utc, now.Kind);
    }
}
