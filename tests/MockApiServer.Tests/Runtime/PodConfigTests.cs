using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Runtime;

/// <summary>
/// Pods read ConfigMaps and Secrets as the kubelet gives them: env valueFrom and envFrom,
/// volumes as files, and a missing reference keeping the container in CreateContainerConfigError
/// (or the pod in ContainerCreating, for a volume) until it appears.
/// </summary>
public sealed class PodConfigTests(LoopbackMockApiServerFactory factory) : IClassFixture<LoopbackMockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private async Task<string> NamespaceAsync()
    {
        var ns = "cfg-" + Guid.NewGuid().ToString("N")[..8];
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace(ns));
        return ns;
    }

    private Task ConfigMapAsync(string ns, string name, Dictionary<string, string> data) =>
        _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = data }, ns);

    private Task SecretAsync(string ns, string name, Dictionary<string, string> data) =>
        _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = name }, StringData = data }, ns);

    private static V1Pod Pod(string name, Action<V1Container> container, IList<V1Volume>? volumes = null)
    {
        var c = new V1Container { Name = "app", Image = "nginx:1.27" };
        container(c);
        return new V1Pod { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1PodSpec { Containers = [c], Volumes = volumes } };
    }

    private Task<V1Pod> UntilAsync(string ns, string name, Func<V1Pod, bool> done) =>
        Poll.UntilAsync(() => _client.CoreV1.ReadNamespacedPodAsync(name, ns), done);

    private static bool IsRunning(V1Pod p) => p.Status?.Phase == "Running" && p.Status.ContainerStatuses?.All(c => c.State?.Running is not null) == true;

    [Fact]
    public async Task Env_FromConfigMapAndSecretKeysAndEnvFromWithPrefix_IsTheContainersEnvironment()
    {
        var ns = await NamespaceAsync();
        await ConfigMapAsync(ns, "settings", new() { ["mode"] = "fast", ["level"] = "3" });
        await SecretAsync(ns, "creds", new() { ["password"] = "s3cret" });
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("env", c =>
        {
            c.EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "settings" }, Prefix = "CFG_" },
                new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "absent", Optional = true } }];
            c.Env = [new V1EnvVar { Name = "MODE", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "mode" } } },
                new V1EnvVar { Name = "PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "password" } } },
                new V1EnvVar { Name = "MAYBE", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "nope", Optional = true } } },
                new V1EnvVar { Name = "BOTH", Value = "$(MODE)-$(CFG_level)" }];
        }), ns);
        await UntilAsync(ns, "env", IsRunning);

        var (code, stdout, _) = await PodExec.RunAsync(_client, "env", ns, "env");

        Assert.Equal(0, code);
        var lines = stdout.Split('\n');
        Assert.Contains("CFG_mode=fast", lines);
        Assert.Contains("CFG_level=3", lines);
        Assert.Contains("MODE=fast", lines);
        Assert.Contains("PASSWORD=s3cret", lines);
        Assert.Contains("BOTH=fast-3", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("MAYBE=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingConfigMap_KeepsTheContainerInCreateContainerConfigErrorUntilItAppears()
    {
        var ns = await NamespaceAsync();
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("waits", c =>
            c.Env = [new V1EnvVar { Name = "MODE", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "later", Key = "mode" } } }]), ns);

        var waiting = await UntilAsync(ns, "waits", p => p.Status?.ContainerStatuses?.SingleOrDefault()?.State?.Waiting?.Reason == "CreateContainerConfigError");
        Assert.Equal("configmap \"later\" not found", waiting.Status.ContainerStatuses.Single().State.Waiting.Message);
        Assert.Equal("Pending", waiting.Status.Phase);
        Assert.NotNull(waiting.Status.PodIP);

        await ConfigMapAsync(ns, "later", new() { ["other"] = "x" });
        waiting = await UntilAsync(ns, "waits", p => p.Status?.ContainerStatuses?.Single().State?.Waiting?.Message == "couldn't find key mode in ConfigMap " + ns + "/later");

        var current = await _client.CoreV1.ReadNamespacedConfigMapAsync("later", ns);
        current.Data["mode"] = "slow";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(current, "later", ns);
        var running = await UntilAsync(ns, "waits", IsRunning);
        Assert.True(running.Status.ContainerStatuses.Single().Ready);
        var (_, stdout, _) = await PodExec.RunAsync(_client, "waits", ns, "printenv", "MODE");
        Assert.Equal("slow\n", stdout);
        var events = await _client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.name=waits,reason=Failed");
        Assert.Contains(events.Items, e => e.Message == "Error: configmap \"later\" not found" && e.Type == "Warning");
    }

    [Fact]
    public async Task Volumes_FromConfigMapItemsAndSecret_AreFilesInTheContainer()
    {
        var ns = await NamespaceAsync();
        await ConfigMapAsync(ns, "files", new() { ["app.conf"] = "port=80\n", ["skip"] = "no" });
        await SecretAsync(ns, "keys", new() { ["token"] = "abc" });
        V1Volume[] volumes =
        [
            new() { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = "files", Items = [new V1KeyToPath { Key = "app.conf", Path = "conf/app.conf" }] } },
            new() { Name = "secret", Secret = new V1SecretVolumeSource { SecretName = "keys" } },
        ];
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("files", c => c.VolumeMounts =
            [new V1VolumeMount { Name = "config", MountPath = "/etc/config" }, new V1VolumeMount { Name = "secret", MountPath = "/etc/secret", ReadOnlyProperty = true }], volumes), ns);
        await UntilAsync(ns, "files", IsRunning);

        Assert.Equal("port=80\n", (await PodExec.RunAsync(_client, "files", ns, "cat", "/etc/config/conf/app.conf")).Stdout);
        Assert.Equal("abc", (await PodExec.RunAsync(_client, "files", ns, "cat", "/etc/secret/token")).Stdout);
        Assert.Equal("token\n", (await PodExec.RunAsync(_client, "files", ns, "ls", "/etc/secret")).Stdout);
        Assert.NotEqual(0, (await PodExec.RunAsync(_client, "files", ns, "cat", "/etc/config/skip")).Code);
    }

    [Fact]
    public async Task MissingVolumeConfigMap_KeepsThePodContainerCreatingWithFailedMount()
    {
        var ns = await NamespaceAsync();
        V1Volume[] volumes = [new() { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = "absent" } }];
        await _client.CoreV1.CreateNamespacedPodAsync(Pod("mount", c => c.VolumeMounts = [new V1VolumeMount { Name = "config", MountPath = "/etc/config" }], volumes), ns);

        var events = await Poll.UntilAsync(() => _client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.name=mount,reason=FailedMount"), l => l.Items.Count > 0);

        Assert.Equal("MountVolume.SetUp failed for volume \"config\" : configmap \"absent\" not found", events.Items.Single().Message);
        var pod = await _client.CoreV1.ReadNamespacedPodAsync("mount", ns);
        Assert.Equal("ContainerCreating", pod.Status.ContainerStatuses.Single().State.Waiting.Reason);
        await ConfigMapAsync(ns, "absent", new() { ["k"] = "v" });
        await UntilAsync(ns, "mount", IsRunning);
    }
}
