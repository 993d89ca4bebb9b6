using k8s.Models;
using MockApiServer.Runtime;

namespace MockApiServer.Tests.Runtime;

public sealed class ContainerEnvironmentTests
{
    private static readonly V1Service Redis = new()
    {
        Metadata = new V1ObjectMeta { Name = "redis-master" },
        Spec = new V1ServiceSpec { ClusterIP = "172.17.0.6", Ports = [new V1ServicePort { Port = 6379, Protocol = "TCP" }] },
    };

    [Fact]
    public void ServiceVariables_UnnamedPort_AreTheSevenDocumentedOnes()
    {
        Assert.Equal(
            [
                "REDIS_MASTER_SERVICE_HOST=172.17.0.6", "REDIS_MASTER_SERVICE_PORT=6379", "REDIS_MASTER_PORT=tcp://172.17.0.6:6379",
                "REDIS_MASTER_PORT_6379_TCP=tcp://172.17.0.6:6379", "REDIS_MASTER_PORT_6379_TCP_PROTO=tcp", "REDIS_MASTER_PORT_6379_TCP_PORT=6379",
                "REDIS_MASTER_PORT_6379_TCP_ADDR=172.17.0.6",
            ],
            MockApiServer.Networking.ServiceEnvironment.FromServices([Redis]).Select(v => $"{v.Key}={v.Value}"));
    }

    [Fact]
    public void Build_UserValueWins_AndExpandsServiceVariables()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec() };
        var container = new V1Container
        {
            Name = "c",
            Env =
            [
                new V1EnvVar { Name = "REDIS_MASTER_SERVICE_PORT", Value = "1" },
                new V1EnvVar { Name = "URL", Value = "redis://$(REDIS_MASTER_SERVICE_HOST):$(NOPE)$$(X)" },
                new V1EnvVar { Name = "POD", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
            ],
        };

        var env = ContainerEnvironment.Build(pod, container, MockApiServer.Networking.ServiceEnvironment.FromServices([Redis]));

        Assert.Equal("1", env["REDIS_MASTER_SERVICE_PORT"]);
        Assert.Equal("redis://172.17.0.6:$(NOPE)$(X)", env["URL"]);
        Assert.Equal("p", env["POD"]);
        Assert.Equal("172.17.0.6", env["REDIS_MASTER_SERVICE_HOST"]);
    }
}
