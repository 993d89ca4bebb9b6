using System.Text.Json;
using Google.Protobuf;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>/openapi/v2: the Swagger 2.0 document merged from the same source as v3, in JSON and as gnostic's protobuf.</summary>
public sealed class OpenApiV2Tests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Json_HasEveryGroupsPathsAndDefinitions()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v2"));
        var root = doc.RootElement;
        Assert.Equal("2.0", root.GetProperty("swagger").GetString());
        var paths = root.GetProperty("paths");
        Assert.Equal("listCoreV1NamespacedPod", paths.GetProperty("/api/v1/namespaces/{namespace}/pods").GetProperty("get").GetProperty("operationId").GetString());
        Assert.True(paths.TryGetProperty("/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices", out _));
        var port = root.GetProperty("definitions").GetProperty("io.k8s.api.core.v1.ServicePort");
        Assert.Equal("integer", port.GetProperty("properties").GetProperty("port").GetProperty("type").GetString());
        var pod = root.GetProperty("definitions").GetProperty("io.k8s.api.core.v1.Pod");
        Assert.Equal("Pod", pod.GetProperty("x-kubernetes-group-version-kind")[0].GetProperty("kind").GetString());
        Assert.Equal("#/definitions/io.k8s.api.core.v1.PodSpec", pod.GetProperty("properties").GetProperty("spec").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task Protobuf_IsTheGnosticDocumentOfTheSameDefinitions()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v2");
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"); // what client-go sends
        var response = await _http.SendAsync(request);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        // Document {1 swagger, 2 info {1 title, 2 version}, 8 paths, 9 definitions {1 NamedSchema {1 name, 2 Schema}}}.
        var fields = Fields(bytes);
        Assert.Equal("2.0", fields[1].Single().ToStringUtf8());
        Assert.Equal("Kubernetes", Fields(fields[2].Single().ToByteArray())[1].Single().ToStringUtf8());
        var definitions = Fields(fields[9].Single().ToByteArray())[1].Select(d => Fields(d.ToByteArray())).ToDictionary(d => d[1].Single().ToStringUtf8(), d => d[2].Single());
        using var json = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v2"));
        Assert.Equal(json.RootElement.GetProperty("definitions").EnumerateObject().Select(p => p.Name).Order(), definitions.Keys.Order());

        // Schema {4 description, 22 type {1 value}, 25 properties, 31 vendor extensions {1 name, 2 Any {2 yaml}}}.
        var pod = Fields(definitions["io.k8s.api.core.v1.Pod"].ToByteArray());
        Assert.Equal("object", Fields(pod[22].Single().ToByteArray())[1].Single().ToStringUtf8());
        var gvk = Fields(pod[31].Single().ToByteArray());
        Assert.Equal("x-kubernetes-group-version-kind", gvk[1].Single().ToStringUtf8());
        var yaml = Fields(gvk[2].Single().ToByteArray())[2].Single().ToStringUtf8();
        Assert.Contains("\"kind\":\"Pod\"", yaml);
        Assert.Equal(5, Fields(pod[25].Single().ToByteArray())[1].Count); // apiVersion, kind, metadata, spec, status
    }

    [Fact]
    public async Task CustomResourceDefinitions_ListIsEmpty_ForKubectlsCrdCheck()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions"));
        Assert.Equal("CustomResourceDefinitionList", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("items").GetArrayLength());
    }

    /// <summary>The length-delimited fields of a message by number.</summary>
    private static Dictionary<int, List<ByteString>> Fields(byte[] message)
    {
        var fields = new Dictionary<int, List<ByteString>>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
            {
                input.SkipLastField();
                continue;
            }
            var number = WireFormat.GetTagFieldNumber(tag);
            if (!fields.TryGetValue(number, out var list)) fields[number] = list = [];
            list.Add(input.ReadBytes());
        }
        return fields;
    }
}
