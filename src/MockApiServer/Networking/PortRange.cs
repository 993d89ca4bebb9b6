namespace MockApiServer.Networking;

/// <summary>An inclusive port range as kube-apiserver prints it ("30000-32767").</summary>
public sealed record PortRange(int Base, int Size)
{
    public int Last => Base + Size - 1;

    public bool Contains(int port) => port >= Base && port <= Last;

    public override string ToString() => $"{Base}-{Last}";

    /// <summary>Parses "min-max" (or a single port), or throws naming <paramref name="option"/>.</summary>
    public static PortRange Parse(string value, string option)
    {
        var parts = value.Trim().Split('-');
        if (parts.Length is < 1 or > 2 || !parts.All(p => int.TryParse(p, out _)))
            throw new FormatException($"{option}: \"{value}\" is not a valid port range (e.g. 30000-32767)");
        var low = int.Parse(parts[0]);
        var high = int.Parse(parts[^1]);
        if (low < 1 || high > 65535 || high < low)
            throw new FormatException($"{option}: \"{value}\" must be min-max with 1 <= min <= max <= 65535");
        return new PortRange(low, high - low + 1);
    }
}
