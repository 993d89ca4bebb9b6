using System.Net.Sockets;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Validation;

namespace MockApiServer.Resources.Nodes;

/// <summary>ValidateNode's spec rules: podCIDRs and taints.</summary>
public static class NodeValidation
{
    public static IReadOnlyList<FieldError> ValidateCreate(V1Node node)
    {
        var spec = node.Spec ?? new V1NodeSpec();
        return [.. ValidatePodCidrs(spec), .. ValidateTaints(spec.Taints ?? [])];
    }

    // v1 podCIDR converts into podCIDRs[0], so errors name podCIDRs either way.
    private static IEnumerable<FieldError> ValidatePodCidrs(V1NodeSpec spec)
    {
        const string Path = "spec.podCIDRs";
        var cidrs = spec.PodCIDRs is { Count: > 0 } list ? list : string.IsNullOrEmpty(spec.PodCIDR) ? [] : [spec.PodCIDR];
        var invalid = false;
        for (var i = 0; i < cidrs.Count; i++)
            foreach (var e in IpValidation.ValidateCidr(cidrs[i], $"{Path}[{i}]"))
            {
                invalid = true;
                yield return e;
            }
        if (invalid || cidrs.Count < 2) yield break;
        var families = cidrs.Select(c => c.Contains(':') ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork).Distinct().Count();
        if (cidrs.Count > 2 || families != 2)
            yield return FieldError.Invalid(Path, cidrs, "may specify no more than one CIDR for each IP family");
    }

    private static IEnumerable<FieldError> ValidateTaints(IList<V1Taint> taints)
    {
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            var path = $"spec.taints[{i}]";
            foreach (var e in NameValidation.IsQualifiedName(taint.Key ?? "")) yield return FieldError.Invalid(path + ".key", taint.Key ?? "", e);
            if (NameValidation.IsValidLabelValue(taint.Value ?? "") is { Count: > 0 } valueErrors)
                yield return FieldError.Invalid(path + ".value", taint.Value ?? "", string.Join(";", valueErrors));
            foreach (var e in TaintValidation.ValidateTaintEffect(taint.Effect, allowEmpty: false, path + ".effect")) yield return e;
            if (!seen.Add((taint.Key ?? "", taint.Effect ?? "")))
                yield return new FieldError("FieldValueDuplicate", path,
                    $"Duplicate value: {GoTaint(taint)}: taints must be unique by key and effect pair");
        }
    }

    private static string GoTaint(V1Taint t) =>
        $"core.Taint{{Key:{FieldError.Render(t.Key ?? "")}, Value:{FieldError.Render(t.Value ?? "")}, Effect:{FieldError.Render(t.Effect ?? "")}, TimeAdded:(*v1.Time)(nil)}}";
}
