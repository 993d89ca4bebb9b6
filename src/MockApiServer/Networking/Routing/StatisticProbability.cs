using System.Globalization;

namespace MockApiServer.Networking.Routing;

/// <summary>
/// The statistic match's --probability as kube-proxy writes it (%0.10f) and as iptables-save
/// prints it back: the kernel keeps round(p × 2^31) and libxt_statistic prints that / 2^31 with
/// 11 decimals, so 1/3 → 0.3333333333 → 0.33333333349.
/// </summary>
public static class StatisticProbability
{
    private const double Scale = 2147483648.0; // 0x80000000

    public static string Written(double probability) => probability.ToString("F10", CultureInfo.InvariantCulture);

    public static string Saved(double probability)
    {
        var written = double.Parse(Written(probability), CultureInfo.InvariantCulture);
        var kernel = Math.Round(written * Scale, MidpointRounding.AwayFromZero);
        return (kernel / Scale).ToString("F11", CultureInfo.InvariantCulture);
    }
}
