using k8s.Models;
using MockApiServer.Resources.Pods;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.Pods;

public class PodValidationTests
{
    /// <summary>A defaulted one-container pod, changed by <paramref name="change"/> before defaulting.</summary>
    private static IReadOnlyList<string> Validate(Action<V1PodSpec> change)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx", Ports = [new V1ContainerPort { ContainerPort = 80 }] }] },
        };
        change(pod.Spec);
        PodDefaults.Apply(pod);
        return ValidationErrors.Of(PodValidation.ValidateCreate(pod));
    }

    private static V1Container Web => new() { Name = "web", Image = "nginx" };

    [Fact]
    public void Validate_DefaultedPod_HasNoErrors() => Assert.Empty(Validate(_ => { }));

    [Fact]
    public void Validate_NoContainers_RequiresContainers() =>
        Assert.Equal(["spec.containers: Required value"], Validate(s => s.Containers = []));

    [Fact]
    public void Validate_ContainerWithoutName_RequiresName() =>
        Assert.Equal(["spec.containers[0].name: Required value"], Validate(s => s.Containers[0].Name = null));

    [Fact]
    public void Validate_ContainerNameWithUppercase_ReportsDns1123Label() =>
        Assert.Equal(["spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
            Validate(s => s.Containers[0].Name = "Web"));

    [Fact]
    public void Validate_DuplicateContainerName_ReportsDuplicate() =>
        Assert.Equal(["spec.containers[1].name: Duplicate value: \"web\""], Validate(s => s.Containers.Add(Web)));

    [Fact]
    public void Validate_InitContainerNamedLikeContainer_ReportsDuplicate() =>
        Assert.Equal(["spec.initContainers[0].name: Duplicate value: \"web\""], Validate(s => s.InitContainers = [Web]));

    [Fact]
    public void Validate_ContainerWithoutImage_RequiresImage() =>
        Assert.Equal(["spec.containers[0].image: Required value"], Validate(s => s.Containers[0].Image = ""));

    [Fact]
    public void Validate_ContainerPortZero_RequiresContainerPort() =>
        Assert.Equal(["spec.containers[0].ports[0].containerPort: Required value"], Validate(s => s.Containers[0].Ports[0].ContainerPort = 0));

    [Fact]
    public void Validate_ContainerPortOutOfRange_ReportsRange() =>
        Assert.Equal(["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"],
            Validate(s => s.Containers[0].Ports[0].ContainerPort = 70000));

    [Fact]
    public void Validate_HostPortOutOfRange_ReportsRange() =>
        Assert.Equal(["spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive"],
            Validate(s => s.Containers[0].Ports[0].HostPort = -1));

    [Fact]
    public void Validate_HttpProtocol_ReportsUnsupported() =>
        Assert.Equal(["spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""],
            Validate(s => s.Containers[0].Ports[0].Protocol = "HTTP"));

    [Fact]
    public void Validate_PortNameWithUppercase_ReportsIanaRule() =>
        Assert.Equal(["spec.containers[0].ports[0].name: Invalid value: \"Http\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"],
            Validate(s => s.Containers[0].Ports[0].Name = "Http"));

    [Fact]
    public void Validate_DuplicatePortNameInContainer_ReportsDuplicate() =>
        Assert.Equal(["spec.containers[0].ports[1].name: Duplicate value: \"http\""],
            Validate(s => s.Containers[0].Ports = [new V1ContainerPort { Name = "http", ContainerPort = 80 }, new V1ContainerPort { Name = "http", ContainerPort = 81 }]));

    [Fact]
    public void Validate_SameHostPortTwice_ReportsDuplicate() =>
        Assert.Equal(["spec.containers[1].ports[0].hostPort: Duplicate value: \"/TCP/8080\""],
            Validate(s =>
            {
                s.Containers[0].Ports[0].HostPort = 8080;
                s.Containers.Add(new V1Container { Name = "side", Image = "nginx", Ports = [new V1ContainerPort { ContainerPort = 81, HostPort = 8080 }] });
            }));

    [Fact]
    public void Validate_UnknownRestartPolicy_ListsValuesInKubernetesOrder() =>
        Assert.Equal(["spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""],
            Validate(s => s.RestartPolicy = "Sometimes"));

    [Fact]
    public void Validate_UnknownDnsPolicy_ReportsUnsupported() =>
        Assert.Equal(["spec.dnsPolicy: Unsupported value: \"Cluster\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""],
            Validate(s => s.DnsPolicy = "Cluster"));

    [Fact]
    public void Validate_DnsPolicyNoneWithoutConfig_RequiresDnsConfig() =>
        Assert.Equal(["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"], Validate(s => s.DnsPolicy = "None"));

    [Fact]
    public void Validate_UnknownPullPolicy_ReportsUnsupported() =>
        Assert.Equal(["spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""],
            Validate(s => s.Containers[0].ImagePullPolicy = "Sometimes"));

    [Fact]
    public void Validate_EnvNameWithEquals_ReportsPrintableAscii() =>
        Assert.Equal(["spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"],
            Validate(s => s.Containers[0].Env = [new V1EnvVar { Name = "A=B" }]));

    [Fact]
    public void Validate_EmptyEnvName_RequiresName() =>
        Assert.Contains("spec.containers[0].env[0].name: Required value", Validate(s => s.Containers[0].Env = [new V1EnvVar { Name = "" }]));

    [Fact]
    public void Validate_BadNodeSelectorKey_ReportsAtNodeSelectorPath() =>
        Assert.Equal(["spec.nodeSelector: Invalid value: \"-zone\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
            Validate(s => s.NodeSelector = new Dictionary<string, string> { ["-zone"] = "a" }));

    [Fact]
    public void Validate_HostnameWithDots_ReportsDns1123Label() =>
        Assert.Equal(["spec.hostname: Invalid value: \"a.b\": must not contain dots"], Validate(s => s.Hostname = "a.b"));

    [Fact]
    public void Validate_SubdomainWithUnderscore_ReportsDns1123Label() =>
        Assert.Single(Validate(s => s.Subdomain = "my_sub"), e => e.StartsWith("spec.subdomain: Invalid value: \"my_sub\": a lowercase RFC 1123 label"));

    [Fact]
    public void Validate_UnknownTolerationOperator_ReportsUnsupported() =>
        Assert.Equal(["spec.tolerations[0].operator: Unsupported value: \"In\": supported values: \"Equal\", \"Exists\""],
            Validate(s => s.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "In", Effect = "NoSchedule" }]));

    [Fact]
    public void Validate_UnknownTolerationEffect_ListsEffectsInKubernetesOrder() =>
        Assert.Equal(["spec.tolerations[0].effect: Unsupported value: \"Never\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""],
            Validate(s => s.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Effect = "Never" }]));

    [Fact]
    public void Validate_TolerationWithoutKeyUsingEqual_RequiresExists() =>
        Assert.Equal(["spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""],
            Validate(s => s.Tolerations = [new V1Toleration { OperatorProperty = "Equal", Effect = "NoSchedule" }]));

    [Fact]
    public void Validate_TolerationSecondsWithoutNoExecute_ReportsEffect() =>
        Assert.Equal(["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
            Validate(s => s.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Effect = "NoSchedule", TolerationSeconds = 5 }]));

    [Fact]
    public void ValidatePodSpec_UnderTemplatePath_ReportsEveryFieldUnderThatPath()
    {
        var spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "Web", Image = "nginx", ImagePullPolicy = "IfNotPresent", TerminationMessagePolicy = "File" }],
            RestartPolicy = "Always",
            DnsPolicy = "None",
            Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Effect = "Never" }],
        };

        var fields = PodValidation.ValidatePodSpec(spec, "spec.template.spec").Select(e => e.Field);

        Assert.Equal(["spec.template.spec.containers[0].name", "spec.template.spec.dnsConfig", "spec.template.spec.tolerations[0].effect"], fields);
    }
}
