using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources;

/// <summary>The apps/v1 kinds: one registration line each. Their pod templates are defaulted and checked by the pod's own rules.</summary>
public static class AppsResources
{
    private static readonly (string, string, string[])[] Scale = [("scale", "Scale", ["get", "patch", "update"])];

    public static ResourceRegistry AddAppsResources(this ResourceRegistry registry) => registry
        .Add(AppsV1<V1Deployment>("Deployment", "deployments", new Deployments.DeploymentStrategy(Pods.PodTemplates.Default, new(Pods.PodTemplates.ValidateForReplicaSet)), ["deploy"]))
        .Add(AppsV1<V1ReplicaSet>("ReplicaSet", "replicasets", new ReplicaSets.ReplicaSetStrategy(Pods.PodTemplates.Default, new(Pods.PodTemplates.ValidateForReplicaSet)), ["rs"]))
        .Add(AppsV1<V1StatefulSet>("StatefulSet", "statefulsets", new StatefulSets.StatefulSetStrategy(Pods.PodTemplates.Default, new(Pods.PodTemplates.ValidateForReplicaSet)), ["sts"]));

    private static ResourceDefinition AppsV1<T>(string kind, string plural, IResourceStrategy strategy, IReadOnlyList<string> shortNames) => new()
    {
        Group = "apps",
        Version = "v1",
        Kind = kind,
        Plural = plural,
        Namespaced = true,
        ModelType = typeof(T),
        Strategy = strategy,
        ShortNames = shortNames,
        Categories = ["all"],
        Subresources = Scale,
    };
}
