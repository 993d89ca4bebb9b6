namespace MockApiServer.Machinery;

/// <summary>A bad option value; printed as one line naming the switch, and the process exits.</summary>
public sealed class OptionsException(string message) : Exception(message);
