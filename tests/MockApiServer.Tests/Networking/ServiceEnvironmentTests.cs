using k8s.Models;
using MockApiServer.Networking;

namespace MockApiServer.Tests.Networking;

public sealed class ServiceEnvironmentTests
{
    private static V1Service Service(string ns, string name, string clusterIp, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1ServiceSpec { ClusterIP = clusterIp, Ports = ports },
    };

    private static readonly V1Service Kubernetes = Service("default", "kubernetes", "10.96.0.1", new V1ServicePort { Name = "https", Port = 443, Protocol = "TCP" });

    [Fact]
    public void FromServices_RedisMaster_GivesTheReferenceVariables()
    {
        var env = ServiceEnvironment.FromServices([Service("app", "redis-master", "10.0.0.11", new V1ServicePort { Port = 6379, Protocol = "TCP" })]);

        Assert.Equal(
        [
            new("REDIS_MASTER_SERVICE_HOST", "10.0.0.11"),
            new("REDIS_MASTER_SERVICE_PORT", "6379"),
            new("REDIS_MASTER_PORT", "tcp://10.0.0.11:6379"),
            new("REDIS_MASTER_PORT_6379_TCP", "tcp://10.0.0.11:6379"),
            new("REDIS_MASTER_PORT_6379_TCP_PROTO", "tcp"),
            new("REDIS_MASTER_PORT_6379_TCP_PORT", "6379"),
            new("REDIS_MASTER_PORT_6379_TCP_ADDR", "10.0.0.11"),
        ], env);
    }

    [Fact]
    public void FromServices_NamedPorts_AddServicePortVariablePerName()
    {
        var env = ServiceEnvironment.FromServices([Kubernetes, Service("app", "web", "10.0.0.12",
            new V1ServicePort { Name = "http-alt", Port = 8080, Protocol = "TCP" }, new V1ServicePort { Name = "dns", Port = 53, Protocol = "UDP" })]).ToDictionary();

        Assert.Equal("443", env["KUBERNETES_SERVICE_PORT_HTTPS"]);
        Assert.Equal("tcp://10.96.0.1:443", env["KUBERNETES_PORT"]);
        Assert.Equal("8080", env["WEB_SERVICE_PORT_HTTP_ALT"]);
        Assert.Equal("8080", env["WEB_SERVICE_PORT"]);
        Assert.Equal("udp://10.0.0.12:53", env["WEB_PORT_53_UDP"]);
        Assert.Equal("udp", env["WEB_PORT_53_UDP_PROTO"]);
        Assert.Equal("tcp://10.0.0.12:8080", env["WEB_PORT"]);
    }

    [Fact]
    public void Select_SkipsHeadlessExternalNameAndOtherNamespaces_KeepsDefaultKubernetes()
    {
        var services = new[]
        {
            Kubernetes,
            Service("app", "api", "10.0.0.20", new V1ServicePort { Port = 80 }),
            Service("app", "headless", "None", new V1ServicePort { Port = 80 }),
            new V1Service { Metadata = new V1ObjectMeta { Name = "external", NamespaceProperty = "app" }, Spec = new V1ServiceSpec { Type = "ExternalName", ExternalName = "example.com" } },
            Service("other", "elsewhere", "10.0.0.30", new V1ServicePort { Port = 80 }),
        };

        Assert.Equal(["api", "kubernetes"], ServiceEnvironment.Select(services, "app", enableServiceLinks: true).Select(s => s.Metadata.Name));
        Assert.Equal(["kubernetes"], ServiceEnvironment.Select(services, "app", enableServiceLinks: false).Select(s => s.Metadata.Name));
    }

    [Fact]
    public void Select_AServiceNamedKubernetesInThePodsNamespace_ReplacesTheDefaultOne()
    {
        var own = Service("app", "kubernetes", "10.0.0.40", new V1ServicePort { Port = 80 });

        var selected = ServiceEnvironment.Select([Kubernetes, own], "app", enableServiceLinks: true);

        Assert.Same(own, Assert.Single(selected));
    }

    [Fact]
    public void ContainerEnvironment_UserValueWins_AndReferencesExpand()
    {
        var services = ServiceEnvironment.FromServices([Service("app", "redis-master", "10.0.0.11", new V1ServicePort { Port = 6379, Protocol = "TCP" })]);
        var container = new V1Container
        {
            Name = "web",
            Env =
            [
                new V1EnvVar { Name = "REDIS_MASTER_SERVICE_HOST", Value = "override" },
                new V1EnvVar { Name = "REDIS_URL", Value = "redis://$(REDIS_MASTER_SERVICE_HOST):$(REDIS_MASTER_SERVICE_PORT)/$(UNKNOWN)$$" },
                new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
            ],
        };

        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "web-1" }, Spec = new V1PodSpec() };
        var env = MockApiServer.Runtime.ContainerEnvironment.Build(pod, container, services);

        Assert.Equal("override", env["REDIS_MASTER_SERVICE_HOST"]);
        Assert.Equal("redis://override:6379/$(UNKNOWN)$", env["REDIS_URL"]);
        Assert.Equal("web-1", env["POD_NAME"]);
        Assert.Equal("tcp://10.0.0.11:6379", env["REDIS_MASTER_PORT"]);
    }
}
