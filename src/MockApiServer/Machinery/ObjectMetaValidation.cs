using System.Text;
using FluentValidation;
using FluentValidation.Results;
using k8s.Models;

namespace MockApiServer.Machinery;

/// <summary>apimachinery's ValidateObjectMeta parts that every kind shares: labels and annotations.</summary>
public static class ObjectMetaValidation
{
    public const int TotalAnnotationSizeLimitB = 256 * 1024;

    public static IReadOnlyList<FieldError> ValidateLabelsAndAnnotations(V1ObjectMeta meta)
    {
        var errors = new List<FieldError>();
        errors.AddRange(ValidateLabels(meta.Labels, "metadata.labels"));
        if (meta.Annotations is { Count: > 0 } annotations)
        {
            long total = 0;
            foreach (var (key, value) in annotations)
            {
                foreach (var e in NameValidation.IsQualifiedName(key.ToLowerInvariant())) errors.Add(FieldError.Invalid("metadata.annotations", key, e));
                total += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value ?? "");
            }
            if (total > TotalAnnotationSizeLimitB)
                errors.Add(new FieldError("FieldValueTooLong", "metadata.annotations", $"Too long: must have at most {TotalAnnotationSizeLimitB} bytes"));
        }
        return errors;
    }

    /// <summary>Label maps (metadata.labels, spec.selector): every error reported at the map's path.</summary>
    public static IEnumerable<FieldError> ValidateLabels(IDictionary<string, string>? labels, string path)
    {
        if (labels is null) yield break;
        foreach (var (key, value) in labels)
        {
            foreach (var e in NameValidation.IsQualifiedName(key)) yield return FieldError.Invalid(path, key, e);
            foreach (var e in NameValidation.IsValidLabelValue(value ?? "")) yield return FieldError.Invalid(path, value, e);
        }
    }

    /// <summary>Carries a Kubernetes field error through FluentValidation: path, body, and reason as the error code.</summary>
    public static void AddFieldError<T>(this ValidationContext<T> context, FieldError error) =>
        context.AddFailure(new ValidationFailure(error.Field, error.Body) { ErrorCode = error.Reason });

    public static FieldError ToFieldError(this ValidationFailure failure) =>
        new(failure.ErrorCode is { Length: > 0 } code && code.StartsWith("FieldValue", StringComparison.Ordinal) ? code : "FieldValueInvalid",
            failure.PropertyName, failure.ErrorMessage);
}
