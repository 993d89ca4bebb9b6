using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.Pods;

/// <summary>
/// ValidatePodUpdate (k/k pkg/apis/core/validation/validation.go): a pod's spec is immutable but
/// for container and init-container images, a shorter activeDeadlineSeconds, added tolerations
/// (tolerationSeconds may change), removed scheduling gates, and terminationGracePeriodSeconds set
/// to 1 when it was negative. Anything else is one Forbidden error on <c>spec</c> with the list of
/// what may change and a diff of what did.
/// </summary>
public static class PodUpdateValidation
{
    private static readonly string[] UpdatableFields =
    [
        "`spec.containers[*].image`",
        "`spec.initContainers[*].image`",
        "`spec.activeDeadlineSeconds`",
        "`spec.tolerations` (only additions to existing tolerations)",
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    ];

    public static IReadOnlyList<FieldError> ValidateUpdate(V1Pod pod, V1Pod old)
    {
        var spec = pod.Spec ?? new V1PodSpec();
        var oldSpec = old.Spec ?? new V1PodSpec();
        var errors = new List<FieldError>(PodValidation.ValidateCreate(pod));
        if (ContainerUpdates(spec.Containers, oldSpec.Containers, "spec.containers", errors)) return errors;
        if (ContainerUpdates(spec.InitContainers, oldSpec.InitContainers, "spec.initContainers", errors)) return errors;
        if (ActiveDeadline(spec.ActiveDeadlineSeconds, oldSpec.ActiveDeadlineSeconds, errors)) return errors;
        errors.AddRange(OnlyAddedTolerations(spec.Tolerations, oldSpec.Tolerations));
        errors.AddRange(OnlyDeletedSchedulingGates(spec.SchedulingGates, oldSpec.SchedulingGates));

        var before = KubeJson.SerializeToNode(oldSpec)!.AsObject();
        var after = KubeJson.SerializeToNode(Munged(spec, oldSpec))!.AsObject();
        if (!JsonNode.DeepEquals(before, after))
            errors.Add(FieldError.Forbidden("spec", $"pod updates may not change fields other than {string.Join(",", UpdatableFields)}\n{Diff(before, after)}"));
        return errors;
    }

    /// <summary>ValidateContainerUpdates; true when validation must stop here (containers added or removed).</summary>
    private static bool ContainerUpdates(IList<V1Container>? containers, IList<V1Container>? old, string path, List<FieldError> errors)
    {
        var list = containers ?? [];
        if (list.Count != (old?.Count ?? 0))
        {
            errors.Add(FieldError.Forbidden(path, "pod updates may not add or remove containers"));
            return true;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var image = list[i].Image ?? "";
            if (image.Length == 0) errors.Add(FieldError.Required($"{path}[{i}].image"));
            if (image.Trim().Length != image.Length) errors.Add(FieldError.Invalid($"{path}[{i}].image", image, "must not have leading or trailing whitespace"));
        }
        return false;
    }

    /// <summary>From unset to a value, or to a smaller one; true when validation must stop here.</summary>
    private static bool ActiveDeadline(long? deadline, long? old, List<FieldError> errors)
    {
        const string Path = "spec.activeDeadlineSeconds";
        if (deadline is { } value)
        {
            if (value is < 0 or > int.MaxValue)
            {
                errors.Add(FieldError.Invalid(Path, value, $"must be between 0 and {int.MaxValue}, inclusive"));
                return true;
            }
            if (old is { } previous && previous < value)
            {
                errors.Add(FieldError.Invalid(Path, value, "must be less than or equal to previous value"));
                return true;
            }
        }
        else if (old is not null) errors.Add(FieldError.Invalid(Path, null, "must not update from a positive integer to nil value"));
        return false;
    }

    private static IEnumerable<FieldError> OnlyAddedTolerations(IList<V1Toleration>? tolerations, IList<V1Toleration>? old)
    {
        var current = tolerations ?? [];
        foreach (var previous in old ?? [])
        {
            if (current.Any(t => t.Key == previous.Key && t.OperatorProperty == previous.OperatorProperty && t.Value == previous.Value && t.Effect == previous.Effect)) continue;
            return [FieldError.Forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds")];
        }
        return TolerationValidation.ValidateTolerations(tolerations, "spec.tolerations");
    }

    private static IEnumerable<FieldError> OnlyDeletedSchedulingGates(IList<V1PodSchedulingGate>? gates, IList<V1PodSchedulingGate>? old)
    {
        var previous = (old ?? []).Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        var list = gates ?? [];
        for (var i = 0; i < list.Count; i++)
            if (!previous.Contains(list[i].Name))
                yield return FieldError.Forbidden($"spec.schedulingGates[{i}].name", $"only deletion is allowed, but found new scheduling gate '{list[i].Name}'");
    }

    /// <summary>The new spec with every field that may change set back to its old value: what is left to compare.</summary>
    private static V1PodSpec Munged(V1PodSpec spec, V1PodSpec old)
    {
        var munged = KubeJson.Clone(spec);
        for (var i = 0; i < munged.Containers.Count; i++) munged.Containers[i].Image = old.Containers[i].Image;
        for (var i = 0; i < (munged.InitContainers?.Count ?? 0); i++) munged.InitContainers![i].Image = old.InitContainers![i].Image;
        munged.ActiveDeadlineSeconds = old.ActiveDeadlineSeconds;
        munged.SchedulingGates = old.SchedulingGates;
        munged.Tolerations = old.Tolerations;
        if (old.TerminationGracePeriodSeconds < 0 && munged.TerminationGracePeriodSeconds == 1) munged.TerminationGracePeriodSeconds = old.TerminationGracePeriodSeconds;
        return munged;
    }

    /// <summary>
    /// The changed fields in the shape of go-cmp's report (which kube-apiserver appends and which is
    /// meant for people, not parsers): one -/+ pair per changed spec field, in JSON.
    /// </summary>
    private static string Diff(JsonObject before, JsonObject after)
    {
        var text = new StringBuilder("  core.PodSpec{\n");
        var names = before.Select(p => p.Key).Union(after.Select(p => p.Key)).ToList();
        var identical = 0;
        foreach (var name in names)
        {
            var (was, now) = (before[name], after[name]);
            if (JsonNode.DeepEquals(was, now)) { identical++; continue; }
            var field = char.ToUpperInvariant(name[0]) + name[1..];
            if (was is not null) text.Append($"- \t{field}: {was.ToJsonString()},\n");
            if (now is not null) text.Append($"+ \t{field}: {now.ToJsonString()},\n");
        }
        if (identical > 0) text.Append($"  \t... // {identical} identical fields\n");
        return text.Append("  }\n").ToString();
    }
}
