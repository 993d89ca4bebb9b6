using k8s.Models;

namespace MockApiServer.Resources.Pods;

/// <summary>SetDefaults_Pod and friends (k/k pkg/apis/core/v1/defaults.go), applied before validation.</summary>
public static class PodDefaults
{
    public static void Apply(V1Pod pod)
    {
    }
}
