using System.Globalization;
using System.Text;

namespace MockApiServer.Api.Protobuf;

/// <summary>metav1.Duration's JSON: Go's time.Duration.String() ("1h2m3.5s", "300ms", "0s") and its parser.</summary>
internal static class DurationText
{
    private static readonly (string Unit, long Nanos)[] Units =
        [("ns", 1), ("us", 1_000), ("µs", 1_000), ("μs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000)];

    public static string Format(long nanos)
    {
        if (nanos == 0) return "0s";
        var sign = nanos < 0 ? "-" : "";
        var u = (ulong)Math.Abs(nanos);
        if (u < 1_000_000_000)
        {
            var (unit, size) = u < 1_000 ? ("ns", 1UL) : u < 1_000_000 ? ("µs", 1_000UL) : ("ms", 1_000_000UL);
            return sign + Fraction(u, size) + unit;
        }
        var sb = new StringBuilder(sign);
        var hours = u / 3_600_000_000_000;
        var minutes = u / 60_000_000_000 % 60;
        if (hours > 0) sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        if (hours > 0 || minutes > 0) sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        return sb.Append(Fraction(u % 60_000_000_000, 1_000_000_000)).Append('s').ToString();
    }

    private static string Fraction(ulong value, ulong size)
    {
        var whole = (value / size).ToString(CultureInfo.InvariantCulture);
        var rest = value % size;
        if (rest == 0) return whole;
        var digits = size.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole + "." + rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }

    /// <exception cref="FormatException">Not a Go duration.</exception>
    public static long Parse(string text)
    {
        var s = text.AsSpan();
        var negative = s.Length > 0 && s[0] == '-';
        if (s.Length > 0 && s[0] is '-' or '+') s = s[1..];
        if (s.SequenceEqual("0")) return 0;
        if (s.IsEmpty) throw new FormatException($"time: invalid duration \"{text}\"");
        decimal total = 0;
        while (!s.IsEmpty)
        {
            var n = 0;
            while (n < s.Length && (char.IsAsciiDigit(s[n]) || s[n] == '.')) n++;
            if (n == 0) throw new FormatException($"time: invalid duration \"{text}\"");
            var number = decimal.Parse(s[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            s = s[n..];
            (string Unit, long Nanos) unit = default;
            foreach (var u in Units)
                if (s.StartsWith(u.Unit, StringComparison.Ordinal) && u.Unit.Length > (unit.Unit?.Length ?? 0)) unit = u;
            if (unit.Unit is null) throw new FormatException($"time: missing unit in duration \"{text}\"");
            total += number * unit.Nanos;
            s = s[unit.Unit.Length..];
        }
        return (long)(negative ? -total : total);
    }
}
