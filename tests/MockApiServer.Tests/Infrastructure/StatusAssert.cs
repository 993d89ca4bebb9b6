using System.Net;
using k8s.Autorest;
using k8s.Models;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>Asserts that a client call failed with a given Kubernetes Status.</summary>
public static class StatusAssert
{
    public static async Task<V1Status> FailsAsync(Func<Task> call, int code, string reason, string? message = null)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal((HttpStatusCode)code, e.Response.StatusCode);
        var status = k8s.KubernetesJson.Deserialize<V1Status>(e.Response.Content);
        Assert.Equal("Status", status.Kind);
        Assert.Equal("Failure", status.Status);
        Assert.Equal(reason, status.Reason);
        Assert.Equal(code, status.Code);
        if (message is not null) Assert.Equal(message, status.Message);
        return status;
    }
}
