using k8s.Models;

namespace MockApiServer.Resources.Services;

/// <summary>Service type names and the type predicates of k/k pkg/api/v1/service/util.go.</summary>
public static class ServiceTypes
{
    public const string ClusterIP = "ClusterIP";
    public const string NodePort = "NodePort";
    public const string LoadBalancer = "LoadBalancer";
    public const string ExternalName = "ExternalName";
    public const string None = "None";

    public static readonly string[] All = [ClusterIP, ExternalName, LoadBalancer, NodePort];

    /// <summary>NodePort and LoadBalancer services, and ClusterIP services with externalIPs.</summary>
    public static bool ExternallyAccessible(V1ServiceSpec spec) =>
        spec.Type is LoadBalancer or NodePort || (spec.Type == ClusterIP && spec.ExternalIPs is { Count: > 0 });

    /// <summary>Needs a healthCheckNodePort: LoadBalancer with externalTrafficPolicy Local.</summary>
    public static bool NeedsHealthCheck(V1ServiceSpec spec) => spec.Type == LoadBalancer && spec.ExternalTrafficPolicy == "Local";
}
