using k8s.Models;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>Small builders for test objects.</summary>
public static class Objects
{
    /// <summary>
    /// A pod no scheduler picks up (schedulerName "none"), so it stays Pending with no status
    /// changes: for API, list and watch tests that must not see the simulated cluster at work.
    /// </summary>
    public static V1Pod Pod(string name, IDictionary<string, string>? labels = null, int port = 5000)
    {
        var pod = RunningPod(name, labels, port);
        pod.Spec.SchedulerName = "none";
        return pod;
    }

    /// <summary>A pod for default-scheduler: it is bound to a node and the simulated kubelet runs it.</summary>
    public static V1Pod RunningPod(string name, IDictionary<string, string>? labels = null, int port = 5000) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "web", Image = "nginx:1.27", Ports = [new V1ContainerPort { ContainerPort = port }] }],
        },
    };

    public static V1Namespace Namespace(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };

    public static Dictionary<string, string> Labels(params (string Key, string Value)[] labels) => labels.ToDictionary(l => l.Key, l => l.Value);
}
