using System.Text.Json;
using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.CustomResources;

/// <summary>CRDs for the tests: a Website kind in a group of the test's own, installed and waited for until Established.</summary>
public static class Crds
{
    public static V1CustomResourceDefinition Website(string group, string scope = "Namespaced", bool status = true) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"websites.{group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = group,
            Scope = scope,
            Names = new V1CustomResourceDefinitionNames { Plural = "websites", Kind = "Website", ShortNames = ["ws"], Categories = ["all"] },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = "v1",
                    Served = true,
                    Storage = true,
                    Subresources = status ? new V1CustomResourceSubresources { Status = new object() } : null,
                    AdditionalPrinterColumns =
                    [
                        new V1CustomResourceColumnDefinition { Name = "Host", Type = "string", JsonPath = ".spec.host" },
                        new V1CustomResourceColumnDefinition { Name = "Replicas", Type = "integer", JsonPath = ".spec.replicas" },
                        new V1CustomResourceColumnDefinition { Name = "Ready", Type = "string", JsonPath = ".status.conditions[?(@.type==\"Ready\")].status" },
                    ],
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps
                        {
                            Type = "object",
                            Properties = new Dictionary<string, V1JSONSchemaProps>
                            {
                                ["spec"] = new() { Type = "object", Properties = new Dictionary<string, V1JSONSchemaProps> { ["host"] = new() { Type = "string" }, ["replicas"] = new() { Type = "integer" } } },
                                ["status"] = new() { Type = "object", XKubernetesPreserveUnknownFields = true },
                            },
                        },
                    },
                },
            ],
        },
    };

    public static async Task<V1CustomResourceDefinition> InstallAsync(IKubernetes client, V1CustomResourceDefinition crd)
    {
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        return await Poll.UntilAsync(() => client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name),
            c => c.Status?.Conditions?.Any(x => x.Type == "Established" && x.Status == "True") == true);
    }

    public static object Site(string group, string name, string host, int replicas) => new Dictionary<string, object>
    {
        ["apiVersion"] = $"{group}/v1",
        ["kind"] = "Website",
        ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["labels"] = new Dictionary<string, string> { ["app"] = name } },
        ["spec"] = new Dictionary<string, object> { ["host"] = host, ["replicas"] = replicas },
    };

    public static JsonElement Json(object answer) => answer is JsonElement e ? e : JsonSerializer.SerializeToElement(answer);

    public static string Group() => $"t{Guid.NewGuid().ToString("N")[..8]}.example.com";
}
