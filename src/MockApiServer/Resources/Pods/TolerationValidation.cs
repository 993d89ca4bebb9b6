using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.Pods;

/// <summary>ValidateTolerations: a pod's tolerations, each checked at its own index under the given path.</summary>
public static class TolerationValidation
{
    public static IEnumerable<FieldError> ValidateTolerations(IList<V1Toleration>? tolerations, string path)
    {
        var list = tolerations ?? [];
        for (var i = 0; i < list.Count; i++)
            foreach (var e in ValidateToleration(list[i], $"{path}[{i}]")) yield return e;
    }

    private static IEnumerable<FieldError> ValidateToleration(V1Toleration toleration, string path)
    {
        var key = toleration.Key ?? "";
        var op = toleration.OperatorProperty ?? "";
        var value = toleration.Value ?? "";
        var effect = toleration.Effect ?? "";
        foreach (var e in NameValidation.IsQualifiedName(key)) if (key.Length > 0) yield return FieldError.Invalid(path + ".key", key, e);
        if (key.Length == 0 && op != "Exists")
            yield return FieldError.Invalid(path + ".operator", op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
        if (toleration.TolerationSeconds is not null && effect != "NoExecute")
            yield return FieldError.Invalid(path + ".effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");

        switch (op)
        {
            case "Equal" or "":
                if (NameValidation.IsValidLabelValue(value) is { Count: > 0 } errors)
                    yield return FieldError.Invalid(path + ".operator", value, string.Join(";", errors));
                break;
            case "Exists":
                if (value.Length > 0) yield return FieldError.Invalid(path + ".operator", new GoToleration(toleration), "value must be empty when `operator` is 'Exists'");
                break;
            default:
                yield return FieldError.NotSupportedInOrder(path + ".operator", op, ["Equal", "Exists"]);
                break;
        }
        if (effect.Length > 0) foreach (var e in TaintValidation.ValidateTaintEffect(effect, allowEmpty: true, path + ".effect")) yield return e;
    }

    /// <summary>A toleration as Go's %#v prints a core.Toleration.</summary>
    private sealed record GoToleration(V1Toleration T)
    {
        public override string ToString() =>
            $"core.Toleration{{Key:{FieldError.Render(T.Key ?? "")}, Operator:{FieldError.Render(T.OperatorProperty ?? "")}, " +
            $"Value:{FieldError.Render(T.Value ?? "")}, Effect:{FieldError.Render(T.Effect ?? "")}, " +
            $"TolerationSeconds:{(T.TolerationSeconds is { } s ? $"(*int64)({s})" : "(*int64)(nil)")}}}";
    }
}
