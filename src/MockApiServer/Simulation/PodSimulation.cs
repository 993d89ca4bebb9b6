using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Simulation;

/// <summary>
/// Per-pod control of the simulated kubelet through annotations (in the spirit of kwok's stages):
/// <c>mockapi.dev/start-delay: 2s</c> (time from binding to running), <c>mockapi.dev/ready: "false"</c>
/// (containers run but never become ready), <c>mockapi.dev/fail: "true"</c> (the container exits 1
/// and the pod is Failed), <c>mockapi.dev/crash: "true"</c> (the container keeps exiting:
/// CrashLoopBackOff with a growing restartCount).
/// </summary>
public sealed record PodSimulation(TimeSpan StartDelay, bool NeverReady, bool Fail, bool Crash)
{
    public const string StartDelayAnnotation = "mockapi.dev/start-delay";
    public const string ReadyAnnotation = "mockapi.dev/ready";
    public const string FailAnnotation = "mockapi.dev/fail";
    public const string CrashAnnotation = "mockapi.dev/crash";

    public static PodSimulation For(V1Pod pod, ClusterOptions options)
    {
        var annotations = pod.Metadata.Annotations ?? new Dictionary<string, string>();
        var delay = annotations.TryGetValue(StartDelayAnnotation, out var text) && GoDuration.TryParse(text, out var d) ? d : options.PodStartDelay;
        return new PodSimulation(delay, Is(annotations, ReadyAnnotation, "false"), Is(annotations, FailAnnotation, "true"), Is(annotations, CrashAnnotation, "true"));
    }

    private static bool Is(IDictionary<string, string> annotations, string key, string value) =>
        annotations.TryGetValue(key, out var v) && string.Equals(v, value, StringComparison.OrdinalIgnoreCase);
}
