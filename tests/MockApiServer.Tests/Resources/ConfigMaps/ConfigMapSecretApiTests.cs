using System.Text;
using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.ConfigMaps;

/// <summary>ConfigMaps and Secrets through the official client: validation, immutability, stringData, the 1 MiB limit.</summary>
public sealed class ConfigMapSecretApiTests(ControllerlessServerFactory factory) : IClassFixture<ControllerlessServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    private static V1ConfigMap ConfigMap(string name, IDictionary<string, string> data, bool? immutable = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Data = data, Immutable = immutable };

    [Fact]
    public async Task Create_WithBadKeyAndBinaryDuplicate_ReturnsInvalidWithEachKeyPath()
    {
        var configMap = ConfigMap("bad-keys", new Dictionary<string, string> { ["a b"] = "1", ["..x"] = "2", ["dup"] = "3" });
        configMap.BinaryData = new Dictionary<string, byte[]> { ["dup"] = [1] };

        var status = await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedConfigMapAsync(configMap, "default"), 422, "Invalid");

        Assert.Contains(status.Details.Causes, c => c.Field == "data[a b]" && c.Message.StartsWith("Invalid value: \"a b\": a valid config key must consist of alphanumeric characters", StringComparison.Ordinal));
        Assert.Contains(status.Details.Causes, c => c.Field == "data[..x]" && c.Message == "Invalid value: \"..x\": must not start with '..'");
        Assert.Contains(status.Details.Causes, c => c.Field == "data[dup]" && c.Message == "Invalid value: \"dup\": duplicate of key present in binaryData");
    }

    [Fact]
    public async Task Create_OverOneMebibyte_ReturnsTooLongForTheWholeObject()
    {
        var configMap = ConfigMap("too-big", new Dictionary<string, string> { ["a"] = new string('x', 1024 * 1024), ["b"] = "y" });

        await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedConfigMapAsync(configMap, "default"), 422, "Invalid",
            "ConfigMap \"too-big\" is invalid: []: Too long: may not be more than 1048576 bytes");
    }

    [Fact]
    public async Task Update_OfImmutableConfigMap_IsForbiddenForDataAndTheFlag()
    {
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("frozen", new Dictionary<string, string> { ["k"] = "v" }, immutable: true), "default");
        var current = await _client.CoreV1.ReadNamespacedConfigMapAsync("frozen", "default");
        current.Data["k"] = "changed";
        current.Immutable = false;

        var status = await StatusAssert.FailsAsync(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(current, "frozen", "default"), 422, "Invalid");

        Assert.Equal(["immutable", "data"], status.Details.Causes.Select(c => c.Field));
        Assert.All(status.Details.Causes, c => Assert.Equal("Forbidden: field is immutable when `immutable` is set", c.Message));
    }

    [Fact]
    public async Task Create_SecretWithStringData_MergesIntoDataAndDefaultsOpaque()
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "merged" },
            Data = new Dictionary<string, byte[]> { ["a"] = "old"u8.ToArray(), ["keep"] = "k"u8.ToArray() },
            StringData = new Dictionary<string, string> { ["a"] = "new", ["b"] = "two" },
        };

        var created = await _client.CoreV1.CreateNamespacedSecretAsync(secret, "default");

        Assert.Equal("Opaque", created.Type);
        Assert.Null(created.StringData);
        Assert.Equal(["a=new", "b=two", "keep=k"], created.Data.OrderBy(p => p.Key).Select(p => $"{p.Key}={Encoding.UTF8.GetString(p.Value)}"));
    }

    [Fact]
    public async Task Create_SecretOfTypeRules_RequiresTheirKeysAndJson()
    {
        var tls = new V1Secret { Metadata = new V1ObjectMeta { Name = "tls" }, Type = "kubernetes.io/tls", Data = new Dictionary<string, byte[]> { ["tls.key"] = [1] } };
        var docker = new V1Secret { Metadata = new V1ObjectMeta { Name = "docker" }, Type = "kubernetes.io/dockerconfigjson", Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = "[1]"u8.ToArray() } };
        var token = new V1Secret { Metadata = new V1ObjectMeta { Name = "token" }, Type = "kubernetes.io/service-account-token" };

        await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedSecretAsync(tls, "default"), 422, "Invalid", "Secret \"tls\" is invalid: data[tls.crt]: Required value");
        await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedSecretAsync(docker, "default"), 422, "Invalid",
            "Secret \"docker\" is invalid: data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": json: cannot unmarshal array into Go value of type map[string]interface {}");
        await StatusAssert.FailsAsync(() => _client.CoreV1.CreateNamespacedSecretAsync(token, "default"), 422, "Invalid",
            "Secret \"token\" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value");
    }

    [Fact]
    public async Task Update_SecretType_IsImmutable()
    {
        await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "typed" }, StringData = new Dictionary<string, string> { ["username"] = "u" } }, "default");
        var current = await _client.CoreV1.ReadNamespacedSecretAsync("typed", "default");
        current.Type = "kubernetes.io/basic-auth";

        var status = await StatusAssert.FailsAsync(() => _client.CoreV1.ReplaceNamespacedSecretAsync(current, "typed", "default"), 422, "Invalid");

        Assert.Equal("Invalid value: \"kubernetes.io/basic-auth\": field is immutable", status.Details.Causes.Single().Message);
    }
}
