namespace MockApiServer.Machinery;

/// <summary>Kubernetes' timestamps (metav1.Time) carry whole seconds: everything stamped here is truncated to them.</summary>
public static class KubeTime
{
    public static DateTime Truncate(DateTime time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));

    /// <summary>The provider's "now" at whole seconds, in UTC.</summary>
    public static DateTime UtcNow(TimeProvider time) => Truncate(time.GetUtcNow().UtcDateTime);
}
