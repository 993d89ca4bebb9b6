using System.Text;
using k8s.Models;

namespace MockApiServer.Machinery.Validation;

/// <summary>
/// apimachinery's ValidateObjectMeta parts that every kind shares: labels and annotations. The
/// path says where the metadata sits ("metadata", or a template's "spec.template.metadata").
/// </summary>
public static class ObjectMetaValidation
{
    public const int TotalAnnotationSizeLimitB = 256 * 1024;

    public static IReadOnlyList<FieldError> ValidateLabelsAndAnnotations(V1ObjectMeta meta, string path)
    {
        var errors = new List<FieldError>();
        errors.AddRange(ValidateLabels(meta.Labels, path + ".labels"));
        if (meta.Annotations is { Count: > 0 } annotations)
        {
            long total = 0;
            foreach (var (key, value) in annotations)
            {
                foreach (var e in NameValidation.IsQualifiedName(key.ToLowerInvariant())) errors.Add(FieldError.Invalid(path + ".annotations", key, e));
                total += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value ?? "");
            }
            if (total > TotalAnnotationSizeLimitB)
                errors.Add(new FieldError("FieldValueTooLong", path + ".annotations", $"Too long: must have at most {TotalAnnotationSizeLimitB} bytes"));
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
}
