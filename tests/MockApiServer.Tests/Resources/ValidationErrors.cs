using FluentValidation;
using MockApiServer.Machinery;

namespace MockApiServer.Tests.Resources;

/// <summary>Runs a kind's validator and renders each failure as Kubernetes prints it: "path: body".</summary>
internal static class ValidationErrors
{
    public static IReadOnlyList<string> Of<T>(IValidator<T> validator, T obj) =>
        validator.Validate(obj).Errors.Select(f => f.ToFieldError().ToString()).ToList();

    public static IReadOnlyList<FieldError> FieldErrorsOf<T>(IValidator<T> validator, T obj) =>
        validator.Validate(obj).Errors.Select(f => f.ToFieldError()).ToList();
}
