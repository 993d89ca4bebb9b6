using System.Globalization;
using System.Reflection;
using MockApiServer.Machinery;

namespace MockApiServer.Hosting;

/// <summary>
/// <c>mockapiserver --help</c> and <c>--version</c>. The list is <see cref="CommandLine.Options"/>,
/// the switches the server parses, and each default is read from a fresh instance of the options
/// class that declares the switch — so a new option or a changed default shows here without a
/// second list to keep in step.
/// </summary>
public static class HelpText
{
    /// <summary>Prints help or the version when asked; true when the process should exit.</summary>
    public static bool TryHandle(string[] args, TextWriter output)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            output.Write(Render());
            return true;
        }
        if (args.Any(a => a is "--version"))
        {
            output.WriteLine($"mockapiserver {Version()}");
            return true;
        }
        return false;
    }

    public static string Version() =>
        typeof(HelpText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string Render()
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"mockapiserver {Version()} — a mock Kubernetes API server");
        w.WriteLine();
        w.WriteLine("Usage: mockapiserver [--urls http://127.0.0.1:8080] [options]");
        w.WriteLine();
        w.WriteLine("Every option is also a configuration key (appsettings.json) and a MOCKAPI_<Key> variable.");
        w.WriteLine();
        var rows = CommandLine.Options.Select(o => (o.Switch, o.Key, Default: DefaultOf(o))).ToList();
        rows.Insert(0, ("--urls", "urls", "http://localhost:8080"));
        var width = rows.Max(r => r.Switch.Length) + 2;
        foreach (var (sw, key, def) in rows)
            w.WriteLine($"  {sw.PadRight(width)}key {key}; default: {def}");
        w.WriteLine($"  {"--help".PadRight(width)}this text");
        w.WriteLine($"  {"--version".PadRight(width)}the server's version");
        return w.ToString();
    }

    /// <summary>The option's default: the matching property of a new instance of its options class.</summary>
    static string DefaultOf(ServerOption option)
    {
        var declaring = DeclaringType(option);
        if (declaring is null) return "(none)";
        // A binding class (StorageOptionsBinding) declares the switches of the options class it binds.
        var target = declaring.Name.EndsWith("Binding", StringComparison.Ordinal)
            ? declaring.Assembly.GetTypes().FirstOrDefault(t => t.Name == declaring.Name[..^"Binding".Length])
            : declaring;
        if (target?.GetConstructor(Type.EmptyTypes) is null) return "(none)";
        var instance = Activator.CreateInstance(target);
        // The property is the key itself (Nodes), or its words within the key (DnsPort → Port,
        // WatchBookmarkInterval → BookmarkIntervalSeconds); the longest such name wins.
        var keyWords = Words(option.Key);
        var property = target.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .Where(p => p.Name == option.Key || Words(Stem(p.Name)).All(keyWords.Contains))
            .OrderByDescending(p => p.Name == option.Key).ThenByDescending(p => p.Name.Length)
            .FirstOrDefault();
        var value = property?.GetValue(instance);
        if (value is int seconds && property!.Name.EndsWith("Seconds", StringComparison.Ordinal)) value = TimeSpan.FromSeconds(seconds);
        return value switch
        {
            null => "(none)",
            bool b => b ? "true" : "false",
            TimeSpan t => GoDurationText(t),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            System.Collections.IEnumerable e and not string => string.Join(",", e.Cast<object>()),
            var v => v.ToString() ?? "(none)",
        };
    }

    static string Stem(string name) => name.EndsWith("Seconds", StringComparison.Ordinal) ? name[..^"Seconds".Length] : name;

    static HashSet<string> Words(string name) =>
        [.. System.Text.RegularExpressions.Regex.Matches(name, "[A-Z][a-z0-9]*|[a-z0-9]+").Select(m => m.Value)];

    static Type? DeclaringType(ServerOption option) =>
        typeof(HelpText).Assembly.GetTypes()
            .FirstOrDefault(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Any(f => f.FieldType == typeof(ServerOption) && ReferenceEquals(f.GetValue(null), option)));

    static string GoDurationText(TimeSpan t) =>
        t.TotalMilliseconds < 1000 ? $"{t.TotalMilliseconds:0}ms"
        : t.TotalSeconds < 60 || t.TotalSeconds % 60 != 0 ? $"{t.TotalSeconds:0.###}s"
        : t.TotalMinutes % 60 != 0 ? $"{t.TotalMinutes:0}m" : $"{t.TotalHours:0}h";
}
