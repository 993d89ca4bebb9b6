using System.Globalization;
using System.Text;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Controllers;

/// <summary>
/// The Deployment controller's pure arithmetic (k/k pkg/controller/deployment/util): template
/// hashes, surge and unavailability fenceposts, revisions, the status it computes and the
/// conditions with their reasons and messages.
/// </summary>
public static class DeploymentRollout
{
    public const string HashLabel = "pod-template-hash";
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
    public const string Progressing = "Progressing";
    public const string Available = "Available";
    public const string TimedOutReason = "ProgressDeadlineExceeded";
    public const string NewRsAvailableReason = "NewReplicaSetAvailable";
    public const string PausedReason = "DeploymentPaused";
    public const string ResumedReason = "DeploymentResumed";

    /// <summary>Annotations a ReplicaSet does not copy from its Deployment (annotationsToSkip).</summary>
    private static readonly HashSet<string> SkippedAnnotations =
    [
        "kubectl.kubernetes.io/last-applied-configuration", RevisionAnnotation, RevisionHistoryAnnotation,
        DesiredReplicasAnnotation, MaxReplicasAnnotation, "deprecated.deployment.rollback.to",
    ];

    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>
    /// ComputeHash: FNV-32a over the template (here its canonical JSON, upstream its Go dump) and
    /// the collision count, written with rand.SafeEncodeString, so names look like web-7d4b9c8f5.
    /// </summary>
    public static string TemplateHash(V1PodTemplateSpec template, int? collisionCount)
    {
        var hash = 2166136261u;
        void Add(byte[] bytes)
        {
            foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        }
        Add(KubeJson.SerializeToUtf8Bytes(template));
        if (collisionCount is { } c) Add(Encoding.UTF8.GetBytes(c.ToString(CultureInfo.InvariantCulture)));
        var digits = hash.ToString(CultureInfo.InvariantCulture);
        return string.Concat(digits.Select(d => SafeAlphabet[d % SafeAlphabet.Length]));
    }

    /// <summary>EqualIgnoreHash: the templates agree once the pod-template-hash label is dropped from both.</summary>
    public static bool SameTemplate(V1PodTemplateSpec? a, V1PodTemplateSpec? b) => Canonical(a) == Canonical(b);

    private static string Canonical(V1PodTemplateSpec? template)
    {
        if (template is null) return "";
        var copy = KubeJson.Clone(template);
        if (copy.Metadata?.Labels is { } labels)
        {
            labels.Remove(HashLabel);
            if (labels.Count == 0) copy.Metadata.Labels = null;
        }
        return KubeJson.Serialize(copy);
    }

    /// <summary>GetScaledValueFromIntOrPercent.</summary>
    public static int Scaled(IntOrString? value, int total, bool roundUp)
    {
        var text = value?.Value ?? "0";
        if (!text.EndsWith('%')) return int.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var percent = int.Parse(text[..^1], CultureInfo.InvariantCulture);
        var scaled = percent * (double)total / 100;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }

    /// <summary>ResolveFenceposts: maxSurge rounds up, maxUnavailable down; both zero makes unavailability one.</summary>
    public static (int Surge, int Unavailable) Fenceposts(V1Deployment d)
    {
        var replicas = d.Spec.Replicas ?? 1;
        var rolling = d.Spec.Strategy?.RollingUpdate;
        var surge = Scaled(rolling?.MaxSurge, replicas, roundUp: true);
        var unavailable = Scaled(rolling?.MaxUnavailable, replicas, roundUp: false);
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    public static bool IsRollingUpdate(V1Deployment d) => d.Spec.Strategy?.Type != "Recreate";

    /// <summary>MaxUnavailable: the fencepost, at most replicas; zero for Recreate or no replicas.</summary>
    public static int MaxUnavailable(V1Deployment d)
    {
        var replicas = d.Spec.Replicas ?? 1;
        if (!IsRollingUpdate(d) || replicas == 0) return 0;
        return Math.Min(Fenceposts(d).Unavailable, replicas);
    }

    /// <summary>MaxSurge: the fencepost for a rolling update, zero otherwise.</summary>
    public static int MaxSurge(V1Deployment d) => IsRollingUpdate(d) ? Fenceposts(d).Surge : 0;

    /// <summary>NewRSNewReplicas: how far the new ReplicaSet may grow now.</summary>
    public static int NewReplicaSetReplicas(V1Deployment d, IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRs)
    {
        var replicas = d.Spec.Replicas ?? 1;
        if (!IsRollingUpdate(d)) return replicas;
        var current = newRs?.Spec.Replicas ?? 0;
        var maxTotal = replicas + MaxSurge(d);
        var total = all.Sum(rs => rs.Spec.Replicas ?? 0);
        if (total >= maxTotal) return current;
        return current + Math.Min(maxTotal - total, replicas - current);
    }

    public static long Revision(V1ReplicaSet rs) =>
        rs.Metadata.Annotations?.TryGetValue(RevisionAnnotation, out var v) == true && long.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>
    /// SetNewReplicaSetAnnotations: the Deployment's own annotations (but the controller's), the
    /// revision (the old one joining revision-history when it changes), and the replica counts.
    /// True when anything changed.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(V1Deployment d, V1ReplicaSet rs, string revision)
    {
        var annotations = new Dictionary<string, string>(rs.Metadata.Annotations ?? new Dictionary<string, string>());
        var before = KubeJson.Serialize(annotations.OrderBy(p => p.Key, StringComparer.Ordinal).ToList());
        foreach (var (k, v) in d.Metadata.Annotations ?? new Dictionary<string, string>())
            if (!SkippedAnnotations.Contains(k)) annotations[k] = v;
        var old = annotations.GetValueOrDefault(RevisionAnnotation);
        if (old is null || long.Parse(old, CultureInfo.InvariantCulture) < long.Parse(revision, CultureInfo.InvariantCulture))
        {
            annotations[RevisionAnnotation] = revision;
            if (old is not null)
                annotations[RevisionHistoryAnnotation] = annotations.TryGetValue(RevisionHistoryAnnotation, out var history) && history.Length > 0 ? $"{history},{old}" : old;
        }
        SetReplicasAnnotations(d, annotations);
        rs.Metadata.Annotations = annotations;
        return before != KubeJson.Serialize(annotations.OrderBy(p => p.Key, StringComparer.Ordinal).ToList());
    }

    /// <summary>SetReplicasAnnotations: desired-replicas and max-replicas (replicas + maxSurge).</summary>
    public static void SetReplicasAnnotations(V1Deployment d, IDictionary<string, string> annotations)
    {
        var replicas = d.Spec.Replicas ?? 1;
        annotations[DesiredReplicasAnnotation] = replicas.ToString(CultureInfo.InvariantCulture);
        annotations[MaxReplicasAnnotation] = (replicas + MaxSurge(d)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>calculateStatus: counts summed over the ReplicaSets, and the Available condition.</summary>
    public static V1DeploymentStatus CalculateStatus(V1Deployment d, IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRs, DateTime now)
    {
        var available = all.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        var total = all.Sum(rs => rs.Spec.Replicas ?? 0);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = OmitZero(all.Sum(rs => rs.Status?.Replicas ?? 0)),
            UpdatedReplicas = OmitZero(newRs?.Status?.Replicas ?? 0),
            ReadyReplicas = OmitZero(all.Sum(rs => rs.Status?.ReadyReplicas ?? 0)),
            AvailableReplicas = OmitZero(available),
            UnavailableReplicas = OmitZero(Math.Max(0, total - available)),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions?.Select(KubeJson.Clone).ToList(),
        };
        if (available >= (d.Spec.Replicas ?? 1) - MaxUnavailable(d))
            SetCondition(status, Condition(Available, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now));
        else
            SetCondition(status, Condition(Available, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now));
        return status;
    }

    /// <summary>The status counts are omitempty in Go: a zero is not written.</summary>
    public static int? OmitZero(int value) => value == 0 ? null : value;

    public static V1DeploymentCondition Condition(string type, string status, string reason, string message, DateTime now) =>
        new() { Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = now, LastTransitionTime = now };

    public static V1DeploymentCondition? GetCondition(V1DeploymentStatus? status, string type) => status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>SetDeploymentCondition: same status and reason changes nothing; same status keeps the transition time.</summary>
    public static void SetCondition(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = GetCondition(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason) return;
        if (current is not null && current.Status == condition.Status) condition.LastTransitionTime = current.LastTransitionTime;
        status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != condition.Type), condition];
    }

    public static void RemoveCondition(V1DeploymentStatus status, string type)
    {
        if (status.Conditions is null) return;
        status.Conditions = [.. status.Conditions.Where(c => c.Type != type)];
        if (status.Conditions.Count == 0) status.Conditions = null;
    }

    /// <summary>DeploymentComplete: every replica updated and available, and the generation observed.</summary>
    public static bool IsComplete(V1Deployment d, V1DeploymentStatus status)
    {
        var replicas = d.Spec.Replicas ?? 1;
        return (status.UpdatedReplicas ?? 0) == replicas && (status.Replicas ?? 0) == replicas && (status.AvailableReplicas ?? 0) == replicas
            && status.ObservedGeneration >= d.Metadata.Generation;
    }

    /// <summary>DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than the status says.</summary>
    public static bool IsProgressing(V1Deployment d, V1DeploymentStatus status)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldOld = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOld = (status.Replicas ?? 0) - (status.UpdatedReplicas ?? 0);
        return (status.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0) || newOld < oldOld
            || (status.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0) || (status.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    /// <summary>DeploymentTimedOut: the Progressing condition was last updated more than the deadline ago.</summary>
    public static bool IsTimedOut(V1Deployment d, V1DeploymentStatus status, DateTime now)
    {
        if (d.Spec.ProgressDeadlineSeconds is not { } deadline || GetCondition(status, Progressing) is not { } condition) return false;
        if (condition.Reason == TimedOutReason) return true;
        return condition.LastUpdateTime is { } from && from.AddSeconds(deadline) < now;
    }
}
