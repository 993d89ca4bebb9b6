namespace MockApiServer.Machinery;

/// <summary>apimachinery's duration.HumanDuration, as kubectl's AGE column prints it.</summary>
public static class HumanDuration
{
    /// <summary>
    /// printers.go's translateTimestampSince: "&lt;unknown&gt;" for a missing (zero) timestamp.
    /// Unspecified kinds count as UTC, as KubeJson writes them.
    /// </summary>
    public static string Age(DateTime? timestamp, DateTime now) =>
        IsZero(timestamp) ? "<unknown>" : Format(ToUtc(now) - ToUtc(timestamp!.Value));

    /// <summary>metav1.Time.IsZero: absent, or Go's zero time.</summary>
    public static bool IsZero(DateTime? timestamp) => timestamp is null || timestamp.Value == default;

    public static string Format(TimeSpan d)
    {
        // Go truncates toward zero: up to (but excluding) two seconds in the future is "0s".
        var seconds = d.Ticks / TimeSpan.TicksPerSecond;
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 60 * 2) return $"{seconds}s";
        var minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10) { var s = seconds % 60; return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s"; }
        if (minutes < 60 * 3) return $"{minutes}m";
        var hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8) { var m = minutes % 60; return m == 0 ? $"{hours}h" : $"{hours}h{m}m"; }
        if (hours < 48) return $"{hours}h";
        if (hours < 24 * 8) { var h = hours % 24; return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h"; }
        if (hours < 24 * 365 * 2) return $"{hours / 24}d";
        if (hours < 24 * 365 * 8) { var dy = hours / 24 % 365; return dy == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{dy}d"; }
        return $"{hours / 24 / 365}y";
    }

    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };
}
