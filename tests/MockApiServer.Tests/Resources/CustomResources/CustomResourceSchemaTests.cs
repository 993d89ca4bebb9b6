using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.CustomResources;

public sealed class CustomResourceSchemaTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly HttpClient _http = factory.CreateClient();
    private readonly IKubernetes _client = factory.Client;

    private async Task<string> InstallAsync()
    {
        var group = Crds.Group();
        var crd = Crds.Website(group);
        var spec = crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"];
        spec.Required = ["host"];
        spec.Properties["replicas"] = new V1JSONSchemaProps { Type = "integer", Minimum = 1, Maximum = 10, DefaultProperty = 1 };
        spec.Properties["tier"] = new V1JSONSchemaProps { Type = "string", EnumProperty = ["web", "batch"] };
        spec.Properties["host"] = new V1JSONSchemaProps { Type = "string", Pattern = "^[a-z.]+$" };
        await Crds.InstallAsync(_client, crd);
        return group;
    }

    private Task<HttpResponseMessage> PostAsync(string group, string json, string query = "") =>
        _http.PostAsync($"/apis/{group}/v1/namespaces/default/websites{query}", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Create_PrunesUnknownFields_WithA299WarningEach_AndDefaults()
    {
        var group = await InstallAsync();

        using var response = await PostAsync(group, $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Website","metadata":{"name":"pruned"},"spec":{"host":"a.example.com","colour":"red"},"extra":1}""");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"spec.colour\\\"\"", "299 - \"unknown field \\\"extra\\\"\""], response.Headers.GetValues("Warning").Order().Reverse());
        Assert.False(body.GetProperty("spec").TryGetProperty("colour", out _));
        Assert.False(body.TryGetProperty("extra", out _));
        Assert.Equal(1, body.GetProperty("spec").GetProperty("replicas").GetInt32());
    }

    [Fact]
    public async Task Create_WithUnknownFieldUnderStrict_Returns400StrictDecodingError()
    {
        var group = await InstallAsync();

        using var response = await PostAsync(group, $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Website","metadata":{"name":"strict"},"spec":{"host":"a.example.com","colour":"red"}}""", "?fieldValidation=Strict");
        var status = await response.Content.ReadFromJsonAsync<V1Status>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("strict decoding error: unknown field \"spec.colour\"", status!.Message);
    }

    [Fact]
    public async Task Create_WithBadValues_ReturnsInvalidWithKubernetesMessages()
    {
        var group = await InstallAsync();
        var site = new Dictionary<string, object>
        {
            ["apiVersion"] = $"{group}/v1",
            ["kind"] = "Website",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "bad" },
            ["spec"] = new Dictionary<string, object> { ["replicas"] = 20, ["tier"] = "gold" },
        };

        var status = await StatusAssert.FailsAsync(() => _client.CustomObjects.CreateNamespacedCustomObjectAsync(site, group, "v1", "default", "websites"), 422, "Invalid");

        Assert.StartsWith($"Website.{group} \"bad\" is invalid: ", status.Message, StringComparison.Ordinal);
        Assert.Contains(status.Details.Causes, c => c.Field == "spec.host" && c.Message == "Required value");
        Assert.Contains(status.Details.Causes, c => c.Field == "spec.replicas" && c.Message == "Invalid value: 20: spec.replicas in body should be less than or equal to 10");
        Assert.Contains(status.Details.Causes, c => c.Field == "spec.tier" && c.Message == "Unsupported value: \"gold\": supported values: \"web\", \"batch\"");
    }

    [Fact]
    public async Task Create_WithWrongType_ReturnsInvalidNamingTheType()
    {
        var group = await InstallAsync();
        var site = new Dictionary<string, object>
        {
            ["apiVersion"] = $"{group}/v1",
            ["kind"] = "Website",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "typed" },
            ["spec"] = new Dictionary<string, object> { ["host"] = "UPPER", ["replicas"] = "two" },
        };

        var status = await StatusAssert.FailsAsync(() => _client.CustomObjects.CreateNamespacedCustomObjectAsync(site, group, "v1", "default", "websites"), 422, "Invalid");

        Assert.Contains(status.Details.Causes, c => c.Field == "spec.replicas" && c.Message == "Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"");
        Assert.Contains(status.Details.Causes, c => c.Field == "spec.host" && c.Message == "Invalid value: \"UPPER\": spec.host in body should match '^[a-z.]+$'");
    }
}
