using System.Globalization;
using System.Text.RegularExpressions;

namespace MockApiServer.Machinery;

/// <summary>Go's time.ParseDuration for the simple forms people type: "500ms", "2s", "1m30s", "0".</summary>
public static partial class GoDuration
{
    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var rest = text.Trim();
        if (rest == "0") return true;
        while (rest.Length > 0)
        {
            var m = Part().Match(rest);
            if (!m.Success) return false;
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            value += m.Groups[2].Value switch
            {
                "ns" => TimeSpan.FromTicks((long)(n / 100)),
                "us" or "µs" => TimeSpan.FromTicks((long)(n * 10)),
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromHours(n),
            };
            rest = rest[m.Length..];
        }
        return true;
    }
}
