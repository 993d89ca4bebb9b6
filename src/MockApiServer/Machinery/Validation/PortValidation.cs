namespace MockApiServer.Machinery.Validation;

/// <summary>Port checks of core validation that pods, services and endpoints share; the caller gives the field path.</summary>
public static class PortValidation
{
    public static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    /// <summary>Protocol required and one of SCTP/TCP/UDP.</summary>
    public static IEnumerable<FieldError> ValidateProtocol(string? protocol, string path)
    {
        if (string.IsNullOrEmpty(protocol)) yield return FieldError.Required(path);
        else if (!Protocols.Contains(protocol)) yield return FieldError.NotSupported(path, protocol, Protocols);
    }

    /// <summary>ValidatePortNumOrName: a number in 1-65535 or an IANA_SVC_NAME.</summary>
    public static IEnumerable<FieldError> ValidatePortNumOrName(string? value, string path)
    {
        if (int.TryParse(value ?? "0", out var number))
            return NameValidation.IsValidPortNum(number).Select(e => FieldError.Invalid(path, number, e));
        return NameValidation.IsValidPortName(value!).Select(e => FieldError.Invalid(path, value, e));
    }
}
