using MockApiServer.Machinery;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>Renders field errors as Kubernetes prints them in a Status message: "path: body".</summary>
internal static class ValidationErrors
{
    public static IReadOnlyList<string> Of(IEnumerable<FieldError> errors) => errors.Select(e => e.ToString()).ToList();
}
