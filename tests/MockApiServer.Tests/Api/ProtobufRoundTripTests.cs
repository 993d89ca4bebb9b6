using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using k8s;
using MockApiServer.Api.Protobuf;
using MockApiServer.Machinery;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>
/// Every served kind in protobuf both ways: the stored JSON of real objects encodes to the
/// upstream message and decodes back to the same JSON; lists, single objects, watches and
/// Status errors are answered in protobuf when the client asks for it first.
/// </summary>
public sealed class ProtobufRoundTripTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly HttpClient _http = factory.CreateClient();
    private readonly IKubernetes _client = factory.Client;

    private const string Protobuf = "application/vnd.kubernetes.protobuf";

    private async Task<HttpResponseMessage> GetAsync(string path, string accept = Protobuf + ", application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static JsonObject Decode(byte[] body) => (JsonObject)ProtobufEnvelope.DecodeToJson(body)!;

    public static TheoryData<string> ListPaths => new()
    {
        "/api/v1/namespaces", "/api/v1/nodes", "/api/v1/pods", "/api/v1/services", "/api/v1/endpoints", "/api/v1/events",
        "/apis/discovery.k8s.io/v1/endpointslices",
    };

    [Theory]
    [MemberData(nameof(ListPaths))]
    public async Task EveryServedKind_RoundTripsThroughProtobufToTheSameJson(string listPath)
    {
        await SeedAsync();
        var json = JsonNode.Parse(await _http.GetStringAsync(listPath))!.AsObject();
        Assert.NotEmpty(json["items"]!.AsArray());

        var response = await GetAsync(listPath);
        Assert.Equal(Protobuf, response.Content.Headers.ContentType?.MediaType);
        var fromProtobuf = Decode(await response.Content.ReadAsByteArrayAsync());

        // The list the server answered in protobuf is the list it answers in JSON, but for the
        // items' kind and apiVersion: a message has no TypeMeta, so protobuf list items carry none.
        var withoutItemTypeMeta = json.DeepClone().AsObject();
        foreach (var item in withoutItemTypeMeta["items"]!.AsArray())
        {
            item!.AsObject().Remove("kind");
            item.AsObject().Remove("apiVersion");
        }
        Assert.Equal(Normalised(withoutItemTypeMeta), Normalised(fromProtobuf));
        // And each item encodes and decodes by itself (the single-object form).
        foreach (var item in json["items"]!.AsArray())
        {
            var obj = item!.AsObject();
            var back = Decode(ProtobufEnvelope.Encode(obj)!);
            Assert.Equal(Normalised(obj), Normalised(back));
        }
    }

    [Fact]
    public async Task SingleObject_AnsweredInProtobuf_WhenListedFirst_AndJsonWhenNot()
    {
        var proto = await GetAsync("/api/v1/namespaces/default/services/kubernetes");
        Assert.Equal(Protobuf, proto.Content.Headers.ContentType?.MediaType);
        var service = Decode(await proto.Content.ReadAsByteArrayAsync());
        Assert.Equal("Service", service["kind"]!.GetValue<string>());
        Assert.Equal(443, service["spec"]!["ports"]![0]!["port"]!.GetValue<int>());

        var json = await GetAsync("/api/v1/namespaces/default/services/kubernetes", "application/json, " + Protobuf);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task NotFound_IsAProtobufStatus()
    {
        var response = await GetAsync("/api/v1/namespaces/default/pods/nosuch");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Protobuf, response.Content.Headers.ContentType?.MediaType);
        var status = Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("NotFound", status["reason"]!.GetValue<string>());
        Assert.Equal(404, status["code"]!.GetValue<int>());
        Assert.Equal("pods \"nosuch\" not found", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_StreamsLengthPrefixedWatchEventsWithEnvelopedObjects()
    {
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace("pb-watch"));
        await _client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p1"), "pb-watch");
        var response = await GetAsync("/api/v1/namespaces/pb-watch/pods?watch=true&timeoutSeconds=1", Protobuf);
        Assert.Equal("application/vnd.kubernetes.protobuf;stream=watch", response.Content.Headers.ContentType?.ToString().Replace(" ", ""));
        var stream = await response.Content.ReadAsStreamAsync();

        var length = new byte[4];
        await stream.ReadExactlyAsync(length);
        var message = new byte[BinaryPrimitives.ReadInt32BigEndian(length)];
        await stream.ReadExactlyAsync(message);
        var input = new CodedInputStream(message);
        string? type = null;
        byte[]? raw = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1) type = input.ReadString();
            else if (WireFormat.GetTagFieldNumber(tag) == 2)
            {
                var extension = new CodedInputStream(input.ReadBytes().ToByteArray());
                extension.ReadTag();
                raw = extension.ReadBytes().ToByteArray();
            }
            else input.SkipLastField();
        }
        Assert.Equal("ADDED", type);
        Assert.True(ProtobufEnvelope.HasMagic(raw));
        var pod = Decode(raw!);
        Assert.Equal("p1", pod["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("Pod", pod["kind"]!.GetValue<string>());
    }

    [Fact]
    public void DurationText_FormatsAndParsesAsGo()
    {
        Assert.Equal("0s", DurationText.Format(0));
        Assert.Equal("1h2m3.5s", DurationText.Format(3_723_500_000_000));
        Assert.Equal("300ms", DurationText.Format(300_000_000));
        Assert.Equal("1m0s", DurationText.Format(60_000_000_000));
        Assert.Equal(3_723_500_000_000, DurationText.Parse("1h2m3.5s"));
        Assert.Equal(300_000_000, DurationText.Parse("300ms"));
        Assert.Throws<FormatException>(() => DurationText.Parse("5"));
    }

    /// <summary>A pod and an event with the fields that need care: IntOrString, Quantity, times, probes, volumes (inline).</summary>
    private async Task SeedAsync()
    {
        if (_client.CoreV1.ListNamespace().Items.Any(n => n.Metadata.Name == "pb-kinds")) return;
        await _client.CoreV1.CreateNamespaceAsync(Objects.Namespace("pb-kinds"));
        var pod = KubeJson.Deserialize<k8s.Models.V1Pod>(System.Text.Encoding.UTF8.GetBytes("""
            {"metadata":{"name":"rich","labels":{"app":"rich"},"annotations":{"empty":""}},
             "spec":{"schedulerName":"none","terminationGracePeriodSeconds":0,
               "volumes":[{"name":"data","emptyDir":{"sizeLimit":"1Gi"}},{"name":"cfg","configMap":{"name":"c","optional":false}}],
               "containers":[{"name":"c","image":"nginx:1.27","ports":[{"containerPort":80,"name":"http"}],
                 "resources":{"limits":{"cpu":"500m","memory":"128Mi"}},
                 "readinessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":5},
                 "livenessProbe":{"tcpSocket":{"port":80}},
                 "env":[{"name":"A","value":"a"},{"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]}}
            """));
        await _client.CoreV1.CreateNamespacedPodAsync(pod, "pb-kinds");
        await _client.CoreV1.CreateNamespacedEventAsync(new k8s.Models.Corev1Event
        {
            Metadata = new() { Name = "ev" },
            InvolvedObject = new() { Kind = "Pod", Name = "rich", NamespaceProperty = "pb-kinds" },
            Reason = "Test",
            Message = "m",
            Count = 2,
            EventTime = new DateTime(2026, 1, 2, 3, 4, 5, 123, DateTimeKind.Utc).AddTicks(4560),
            ReportingComponent = "test",
            ReportingInstance = "t1",
            Action = "Tested",
        }, "pb-kinds");
    }

    /// <summary>
    /// JSON compared as Go's encoding/json would write it: members sorted, and empty maps, lists and
    /// lists absent (a protobuf message cannot tell an empty list from none).
    /// </summary>
    private static string Normalised(JsonNode? node) => Sort(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Where(p => p.Value is not (JsonArray { Count: 0 }))
            .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };
}
