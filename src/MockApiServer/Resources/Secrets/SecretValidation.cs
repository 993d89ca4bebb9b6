using System.Text.Json;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.Secrets;

/// <summary>ValidateSecret and ValidateSecretUpdate (k/k pkg/apis/core/validation): keys, size, the rules of each type.</summary>
public static class SecretValidation
{
    public const string Opaque = "Opaque";
    public const string ServiceAccountToken = "kubernetes.io/service-account-token";
    public const string ServiceAccountNameKey = "kubernetes.io/service-account.name";

    public static IReadOnlyList<FieldError> ValidateCreate(V1Secret secret)
    {
        var errors = new List<FieldError>();
        var data = secret.Data ?? new Dictionary<string, byte[]>();
        long total = 0;
        foreach (var (key, value) in data)
        {
            foreach (var e in ConfigKeyValidation.IsConfigMapKey(key)) errors.Add(FieldError.Invalid(ConfigKeyValidation.KeyPath("data", key), key, e));
            total += value?.Length ?? 0;
        }
        if (total > ConfigKeyValidation.MaxSize) errors.Add(FieldError.TooLong("data", ConfigKeyValidation.MaxSize));
        errors.AddRange(ValidateType(secret, data));
        return errors;
    }

    public static IReadOnlyList<FieldError> ValidateUpdate(V1Secret secret, V1Secret old)
    {
        var errors = new List<FieldError>();
        if (secret.Type != old.Type) errors.Add(FieldError.Invalid("type", secret.Type, "field is immutable"));
        if (old.Immutable == true)
        {
            if (secret.Immutable != true) errors.Add(ConfigKeyValidation.Immutable("immutable"));
            if (!ConfigKeyValidation.SameMap(secret.Data, old.Data, (a, b) => (a ?? []).AsSpan().SequenceEqual(b ?? [])))
                errors.Add(ConfigKeyValidation.Immutable("data"));
        }
        errors.AddRange(ValidateCreate(secret));
        return errors;
    }

    private static IEnumerable<FieldError> ValidateType(V1Secret secret, IDictionary<string, byte[]> data)
    {
        switch (secret.Type)
        {
            case ServiceAccountToken:
                if (secret.Metadata.Annotations is null || !secret.Metadata.Annotations.TryGetValue(ServiceAccountNameKey, out var account) || string.IsNullOrEmpty(account))
                    yield return FieldError.Required(ConfigKeyValidation.KeyPath("metadata.annotations", ServiceAccountNameKey));
                break;
            case "kubernetes.io/dockercfg":
                foreach (var e in RequireJson(data, ".dockercfg")) yield return e;
                break;
            case "kubernetes.io/dockerconfigjson":
                foreach (var e in RequireJson(data, ".dockerconfigjson")) yield return e;
                break;
            case "kubernetes.io/basic-auth":
                // Upstream builds these paths from the literal "data[%s]".
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    yield return FieldError.Required("data[%s][username]");
                    yield return FieldError.Required("data[%s][password]");
                }
                break;
            case "kubernetes.io/ssh-auth":
                if (!data.TryGetValue("ssh-privatekey", out var key) || key is not { Length: > 0 }) yield return FieldError.Required("data[%s][ssh-privatekey]");
                break;
            case "kubernetes.io/tls":
                if (!data.ContainsKey("tls.crt")) yield return FieldError.Required("data[tls.crt]");
                if (!data.ContainsKey("tls.key")) yield return FieldError.Required("data[tls.key]");
                break;
        }
    }

    private static IEnumerable<FieldError> RequireJson(IDictionary<string, byte[]> data, string key)
    {
        var path = ConfigKeyValidation.KeyPath("data", key);
        if (!data.TryGetValue(key, out var bytes))
        {
            yield return FieldError.Required(path);
            yield break;
        }
        var error = JsonError(bytes);
        if (error is not null) yield return FieldError.Invalid(path, "<secret contents redacted>", error);
    }

    /// <summary>
    /// Whether the bytes decode as a JSON object, with encoding/json's message when they do not:
    /// the syntax errors it reports most (an empty or cut value, a bad first character) and the
    /// type mismatch; other syntax errors are reported at their first bad character.
    /// </summary>
    private static string? JsonError(byte[] bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes).TrimStart(' ', '\t', '\r', '\n');
        if (text.Length == 0) return "unexpected end of JSON input";
        if ("{[\"-0123456789tfn".IndexOf(text[0]) < 0) return $"invalid character '{text[0]}' looking for beginning of value";
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? null : $"json: cannot unmarshal {GoKind(doc.RootElement.ValueKind)} into Go value of type map[string]interface {{}}";
        }
        catch (JsonException e) when (e.BytePositionInLine is { } at && (int)at < bytes.Length)
        {
            return $"invalid character '{(char)bytes[(int)at]}' after top-level value";
        }
        catch (JsonException)
        {
            return "unexpected end of JSON input";
        }
    }

    private static string GoKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };
}
