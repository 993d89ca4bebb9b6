using System.Globalization;

namespace MockApiServer.Machinery;

/// <summary>
/// One server option: its configuration key (<c>Nodes</c>, also the variable <c>MOCKAPI_Nodes</c>)
/// and its command-line switch (<c>--nodes</c>), which error messages name. The readers leave the
/// current value (the options class's default) when the key is absent.
/// </summary>
public sealed record ServerOption(string Key, string Switch)
{
    public string? Text(IConfiguration config) => config[Key];

    public string String(IConfiguration config, string current) => config[Key] ?? current;

    /// <exception cref="OptionsException">Not a whole number in [min, max].</exception>
    public int Int(IConfiguration config, int current, int min = 0, int max = int.MaxValue)
    {
        var text = config[Key];
        if (text is null) return current;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new OptionsException($"{Switch}: \"{text}\" is not a whole number between {min} and {max}");
        return value;
    }

    /// <exception cref="OptionsException">Not true or false.</exception>
    public bool Bool(IConfiguration config, bool current)
    {
        var text = config[Key];
        if (text is null) return current;
        return bool.TryParse(text, out var value) ? value : throw new OptionsException($"{Switch}: \"{text}\" is not true or false");
    }

    /// <exception cref="OptionsException">Not a Go-style duration (or not positive when it must be).</exception>
    public TimeSpan Duration(IConfiguration config, TimeSpan current, bool positive = false)
    {
        var text = config[Key];
        if (text is null) return current;
        if (!GoDuration.TryParse(text, out var value) || (positive && value <= TimeSpan.Zero))
            throw new OptionsException($"{Switch}: \"{text}\" is not a {(positive ? "positive " : "")}duration like 500ms, 2s or 1m");
        return value;
    }
}
