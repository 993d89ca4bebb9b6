using k8s.Models;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>Deployments and ReplicaSets as kubectl create deployment writes them: app=NAME on the selector and the template.</summary>
public static class Workloads
{
    public static V1PodTemplateSpec Template(string app, string image = "nginx") => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = image }] },
    };

    public static V1Deployment Deployment(string name, int replicas = 3, string image = "nginx", Action<V1Deployment>? configure = null)
    {
        var d = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = Template(name, image),
            },
        };
        configure?.Invoke(d);
        return d;
    }

    public static V1ReplicaSet ReplicaSet(string name, int replicas = 3, int? minReadySeconds = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = replicas,
            MinReadySeconds = minReadySeconds,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name),
        },
    };

    public static V1StatefulSet StatefulSet(string name, int replicas = 3, string service = "nginx", string? policy = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = service,
            PodManagementPolicy = policy,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name),
        },
    };
}
