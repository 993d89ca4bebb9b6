using System.Text;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.ConfigMaps;

/// <summary>ValidateConfigMap and ValidateConfigMapUpdate (k/k pkg/apis/core/validation).</summary>
public static class ConfigMapValidation
{
    public static IReadOnlyList<FieldError> ValidateCreate(V1ConfigMap configMap)
    {
        var errors = new List<FieldError>();
        long total = 0;
        foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
        {
            var path = ConfigKeyValidation.KeyPath("data", key);
            foreach (var e in ConfigKeyValidation.IsConfigMapKey(key)) errors.Add(FieldError.Invalid(path, key, e));
            if (configMap.BinaryData?.ContainsKey(key) == true) errors.Add(FieldError.Invalid(path, key, "duplicate of key present in binaryData"));
            total += Encoding.UTF8.GetByteCount(value ?? "");
        }
        foreach (var (key, value) in configMap.BinaryData ?? new Dictionary<string, byte[]>())
        {
            foreach (var e in ConfigKeyValidation.IsConfigMapKey(key)) errors.Add(FieldError.Invalid(ConfigKeyValidation.KeyPath("binaryData", key), key, e));
            total += value?.Length ?? 0;
        }
        // field.NewPath("") prints as "[]": the error is about the whole object.
        if (total > ConfigKeyValidation.MaxSize) errors.Add(FieldError.TooLong("[]", ConfigKeyValidation.MaxSize));
        return errors;
    }

    public static IReadOnlyList<FieldError> ValidateUpdate(V1ConfigMap configMap, V1ConfigMap old)
    {
        var errors = new List<FieldError>();
        if (old.Immutable == true)
        {
            if (configMap.Immutable != true) errors.Add(ConfigKeyValidation.Immutable("immutable"));
            if (!ConfigKeyValidation.SameMap(configMap.Data, old.Data, (a, b) => a == b)) errors.Add(ConfigKeyValidation.Immutable("data"));
            if (!ConfigKeyValidation.SameMap(configMap.BinaryData, old.BinaryData, (a, b) => (a ?? []).AsSpan().SequenceEqual(b ?? []))) errors.Add(ConfigKeyValidation.Immutable("binaryData"));
        }
        errors.AddRange(ValidateCreate(configMap));
        return errors;
    }
}
