using k8s.Models;

namespace MockApiServer.Resources.Services;

/// <summary>SetDefaults_Service (k/k pkg/apis/core/v1/defaults.go), applied before validation.</summary>
public static class ServiceDefaults
{
    public static void Apply(V1Service service)
    {
    }
}
