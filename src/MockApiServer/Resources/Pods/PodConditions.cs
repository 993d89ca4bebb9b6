using k8s.Models;

namespace MockApiServer.Resources.Pods;

/// <summary>Pod condition bookkeeping as the kubelet's status manager does it: lastTransitionTime moves only when the status changes.</summary>
public static class PodConditions
{
    public static V1PodCondition? Get(V1Pod pod, string type) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(V1Pod pod, string type) => Get(pod, type)?.Status == "True";

    public static void Set(V1PodStatus status, string type, string value, string? reason, string? message, DateTime now)
    {
        status.Conditions ??= [];
        var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
        if (existing is null)
        {
            status.Conditions.Add(new V1PodCondition { Type = type, Status = value, Reason = reason, Message = message, LastTransitionTime = now });
            return;
        }
        if (existing.Status != value) existing.LastTransitionTime = now;
        existing.Status = value;
        existing.Reason = reason;
        existing.Message = message;
    }
}
