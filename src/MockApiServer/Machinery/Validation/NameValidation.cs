using System.Text.RegularExpressions;

namespace MockApiServer.Machinery.Validation;

/// <summary>
/// apimachinery's util/validation: each check returns the detail messages Kubernetes prints,
/// empty when the value is valid.
/// </summary>
public static partial class NameValidation
{
    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";

    [GeneratedRegex("^" + Dns1123LabelFmt + "$")] private static partial Regex Dns1123LabelRegex();
    [GeneratedRegex("^" + Dns1123SubdomainFmt + "$")] private static partial Regex Dns1123SubdomainRegex();
    [GeneratedRegex("^" + Dns1035LabelFmt + "$")] private static partial Regex Dns1035LabelRegex();
    [GeneratedRegex("^" + QualifiedNameFmt + "$")] private static partial Regex QualifiedNameRegex();
    [GeneratedRegex("^" + LabelValueFmt + "$")] private static partial Regex LabelValueRegex();
    [GeneratedRegex("^[-a-z0-9]+$")] private static partial Regex PortNameCharsRegex();
    [GeneratedRegex("[a-z]")] private static partial Regex PortNameLetterRegex();

    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > 63) errors.Add(MaxLen(63));
        if (!Dns1123LabelRegex().IsMatch(value))
        {
            errors.Add(value.Contains('.') ? "must not contain dots" : RegexError(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                Dns1123LabelFmt, "my-name", "123-abc"));
        }
        return errors;
    }

    public static IReadOnlyList<string> IsDns1123Subdomain(string value)
    {
        var errors = new List<string>();
        if (value.Length > 253) errors.Add(MaxLen(253));
        if (!Dns1123SubdomainRegex().IsMatch(value))
        {
            errors.Add(RegexError(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                Dns1123SubdomainFmt, "example.com"));
        }
        return errors;
    }

    public static IReadOnlyList<string> IsDns1035Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > 63) errors.Add(MaxLen(63));
        if (!Dns1035LabelRegex().IsMatch(value))
        {
            errors.Add(RegexError(
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                Dns1035LabelFmt, "my-name", "abc-123"));
        }
        return errors;
    }

    /// <summary>Label keys, annotation keys and selector keys: an optional DNS prefix and a name part.</summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0) errors.Add("prefix part must be non-empty");
                else errors.AddRange(IsDns1123Subdomain(parts[0]).Select(e => "prefix part " + e));
                break;
            default:
                return [RegexError("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                    QualifiedNameFmt, "MyName", "my.name", "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }
        if (name.Length == 0) errors.Add("name part must be non-empty");
        else if (name.Length > 63) errors.Add("name part " + MaxLen(63));
        if (name.Length > 0 && !QualifiedNameRegex().IsMatch(name))
        {
            errors.Add("name part " + RegexError("must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        }
        return errors;
    }

    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        var errors = new List<string>();
        if (value.Length > 63) errors.Add(MaxLen(63));
        if (!LabelValueRegex().IsMatch(value))
        {
            errors.Add(RegexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                LabelValueFmt, "MyValue", "my_value", "12345"));
        }
        return errors;
    }

    /// <summary>IANA service names, as used by named container ports and targetPorts.</summary>
    public static IReadOnlyList<string> IsValidPortName(string port)
    {
        var errors = new List<string>();
        if (port.Length > 15) errors.Add(MaxLen(15));
        if (!PortNameCharsRegex().IsMatch(port)) errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        if (!PortNameLetterRegex().IsMatch(port)) errors.Add("must contain at least one letter (a-z)");
        if (port.Contains("--")) errors.Add("must not contain consecutive hyphens");
        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-')) errors.Add("must not begin or end with a hyphen");
        return errors;
    }

    public static IReadOnlyList<string> IsValidPortNum(int port) =>
        port is >= 1 and <= 65535 ? [] : ["must be between 1 and 65535, inclusive"];

    public static IReadOnlyList<string> IsValidIp(string value) => IpValidation.ParseIp(value) is null ? [IpValidation.InvalidIp] : [];

    public static string MaxLen(int max) => $"must be no more than {max} characters";

    // RegexError joins examples with "or" and a double space, exactly as apimachinery does.
    private static string RegexError(string msg, string fmt, params string[] examples)
    {
        var text = msg;
        if (examples.Length > 0)
        {
            text += " (e.g. '" + examples[0] + "'";
            for (var i = 1; i < examples.Length; i++) text += ",  or '" + examples[i] + "'";
            text += ", ";
        }
        else
        {
            text += " (";
        }
        return text + "regex used for validation is '" + fmt + "')";
    }
}
