using k8s.Models;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>Small builders for test objects.</summary>
public static class Objects
{
    public static V1Pod Pod(string name, IDictionary<string, string>? labels = null, int port = 5000) => new()
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
