using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using k8s.Models;
using MockApiServer.Api;
using MockApiServer.Machinery;
using MockApiServer.Resources;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>
/// Protobuf bodies built field by field as kubectl 1.32 writes them for `create namespace my-ns`
/// and `create service nodeport frontend-svc --tcp=80:5000`: every non-pointer field present,
/// unset strings "" and unset ints 0.
/// </summary>
public sealed class ProtobufBodyTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private static readonly ResourceRegistry Registry = new ResourceRegistry().AddCoreResources();
    private static readonly ResourceDefinition Namespaces = Registry.Find("", "v1", "namespaces")!;
    private static readonly ResourceDefinition Services = Registry.Find("", "v1", "services")!;
    private static readonly ResourceDefinition Pods = Registry.Find("", "v1", "pods")!;

    [Fact]
    public void Decode_KubectlCreateNamespace_GivesTheNamespaceWithUnsetFieldsNull()
    {
        var ns = Assert.IsType<V1Namespace>(ProtobufBody.Decode(Envelope("Namespace", KubectlNamespace()), Namespaces));

        Assert.Equal("v1", ns.ApiVersion);
        Assert.Equal("Namespace", ns.Kind);
        Assert.Equal("my-ns", ns.Metadata.Name);
        Assert.Null(ns.Metadata.GenerateName);
        Assert.Null(ns.Metadata.NamespaceProperty);
        Assert.Null(ns.Metadata.Uid);
        Assert.Null(ns.Metadata.ResourceVersion);
        Assert.Null(ns.Metadata.Generation);
        Assert.Null(ns.Metadata.CreationTimestamp);
        Assert.Null(ns.Metadata.Labels);
        Assert.Null(ns.Spec.Finalizers);
        Assert.Null(ns.Status.Phase);
    }

    [Fact]
    public void Decode_KubectlCreateServiceNodePort_GivesTheService()
    {
        var svc = Assert.IsType<V1Service>(ProtobufBody.Decode(Envelope("Service", KubectlService()), Services));

        Assert.Equal("v1", svc.ApiVersion);
        Assert.Equal("Service", svc.Kind);
        Assert.Equal("frontend-svc", svc.Metadata.Name);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "frontend-svc" }, svc.Metadata.Labels);
        var port = Assert.Single(svc.Spec.Ports);
        Assert.Equal("80-5000", port.Name);
        Assert.Equal("TCP", port.Protocol);
        Assert.Equal(80, port.Port);
        Assert.Equal(5000, port.TargetPort.ToInt());
        Assert.Null(port.NodePort);
        Assert.Null(port.AppProtocol);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "frontend-svc" }, svc.Spec.Selector);
        Assert.Equal("NodePort", svc.Spec.Type);
        Assert.Null(svc.Spec.ClusterIP);
        Assert.Null(svc.Spec.SessionAffinity);
        Assert.Null(svc.Spec.ExternalTrafficPolicy);
        Assert.Null(svc.Spec.HealthCheckNodePort);
        Assert.Null(svc.Spec.PublishNotReadyAddresses);
        Assert.Null(svc.Status.LoadBalancer.Ingress); // kubectl sends the empty status; the strategy resets it on create
    }

    // Captured from kubectl v1.32.4 against this server: `create namespace my-ns` and
    // `create service nodeport frontend-svc --tcp=80:5000`.
    private const string CapturedNamespace =
        "6b3873000a0f0a02763112094e616d657370616365121d0a150a056d792d6e7312001a0022002a0032003800420012001a020a001a002200";

    private const string CapturedService =
        "6b3873000a0d0a0276311207536572766963651283010a310a0c66726f6e74656e642d73766312001a0022002a003200380042005a130a03617070120c66726f6e74656e642d737663124a0a1b0a0738302d3530303012035443501850220708001088271a00280012130a03617070120c66726f6e74656e642d7376631a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200";

    [Fact]
    public void Builders_WriteTheBytesKubectlSends()
    {
        Assert.Equal(CapturedNamespace, Convert.ToHexStringLower(Envelope("Namespace", KubectlNamespace())));
        Assert.Equal(CapturedService, Convert.ToHexStringLower(Envelope("Service", KubectlService())));
    }

    [Fact]
    public void Decode_CapturedKubectlService_GivesTheService()
    {
        var svc = (V1Service)ProtobufBody.Decode(Convert.FromHexString(CapturedService), Services);

        Assert.Equal("frontend-svc", svc.Metadata.Name);
        var port = Assert.Single(svc.Spec.Ports);
        Assert.Equal(("80-5000", "TCP", 80, 5000), (port.Name, port.Protocol, port.Port, port.TargetPort.ToInt()));
        Assert.Equal("frontend-svc", svc.Spec.Selector["app"]);
        Assert.Equal("NodePort", svc.Spec.Type);
    }

    [Fact]
    public void Decode_CapturedKubectlNamespace_GivesTheNamespace()
    {
        var ns = (V1Namespace)ProtobufBody.Decode(Convert.FromHexString(CapturedNamespace), Namespaces);

        Assert.Equal("my-ns", ns.Metadata.Name);
        Assert.Null(ns.Metadata.CreationTimestamp);
    }

    [Fact]
    public void Decode_ServiceWithNamedTargetPortAndLists_ReadsEveryField()
    {
        var spec = Message(
            Msg(1, Str(1, "http"), Str(2, "TCP"), Str(6, "kubernetes.io/h2c"), Int(3, 8080), Msg(4, Int(1, 1), Int(2, 0), Str(3, "web")), Int(5, 30080)),
            Str(3, "10.96.0.10"), Str(18, "10.96.0.10"), Str(4, "LoadBalancer"), Str(5, "1.2.3.4"), Str(5, "5.6.7.8"),
            Str(9, "10.0.0.0/8"), Str(11, "Local"), Int(12, 31000), Int(13, 1), Int(20, 0), Str(19, "IPv4"), Str(17, "SingleStack"));
        var raw = Message(Msg(1, Str(1, "web"), Entry(12, "note", ""), Str(14, "example.com/x")), Bytes(2, spec));

        var svc = (V1Service)ProtobufBody.Decode(Envelope("Service", raw), Services);

        var port = Assert.Single(svc.Spec.Ports);
        Assert.Equal("web", port.TargetPort.Value);
        Assert.Equal(30080, port.NodePort);
        Assert.Equal("kubernetes.io/h2c", port.AppProtocol);
        Assert.Equal(["10.96.0.10"], svc.Spec.ClusterIPs);
        Assert.Equal(["1.2.3.4", "5.6.7.8"], svc.Spec.ExternalIPs);
        Assert.Equal(["10.0.0.0/8"], svc.Spec.LoadBalancerSourceRanges);
        Assert.Equal(["IPv4"], svc.Spec.IpFamilies);
        Assert.Equal("SingleStack", svc.Spec.IpFamilyPolicy);
        Assert.Equal(31000, svc.Spec.HealthCheckNodePort);
        Assert.True(svc.Spec.PublishNotReadyAddresses);
        Assert.False(svc.Spec.AllocateLoadBalancerNodePorts);
        Assert.Equal("", svc.Metadata.Annotations["note"]);
        Assert.Equal(["example.com/x"], svc.Metadata.Finalizers);
    }

    [Fact]
    public void Decode_CreationTimestampWithSeconds_IsUtc()
    {
        var raw = Message(Msg(1, Str(1, "my-ns"), Msg(8, Int(1, 1_700_000_000))));

        var ns = (V1Namespace)ProtobufBody.Decode(Envelope("Namespace", raw), Namespaces);

        Assert.Equal(DateTime.UnixEpoch.AddSeconds(1_700_000_000), ns.Metadata.CreationTimestamp);
    }

    public static TheoryData<string, byte[]> MalformedBodies => new()
    {
        { "empty", [] },
        { "json", "{\"kind\":\"Namespace\"}"u8.ToArray() },
        { "magic only", "k8s\0"u8.ToArray() },
        { "truncated", Envelope("Namespace", KubectlNamespace())[..^5] },
        { "garbage after magic", [.. "k8s\0"u8, 0xFF, 0xFF, 0xFF] },
        { "no kind", [.. "k8s\0"u8, .. Message(Msg(1, Str(1, "v1")), Bytes(2, KubectlNamespace()))] },
        { "no raw", [.. "k8s\0"u8, .. Message(Msg(1, Str(1, "v1"), Str(2, "Namespace")))] },
        { "other kind", Envelope("Service", KubectlService()) },
        { "other apiVersion", Envelope("Namespace", KubectlNamespace(), apiVersion: "apps/v1") },
        { "name as a varint", Envelope("Namespace", Message(Msg(1, Int(1, 7)))) },
        { "creationTimestamp out of range", Envelope("Namespace", Message(Msg(1, Msg(8, Int(1, long.MaxValue))))) },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void Decode_MalformedBody_IsBadRequest(string why, byte[] body)
    {
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(body, Namespaces));

        Assert.True(e.Code == 400, $"{why}: {e.Code} {e.Message}");
        Assert.Equal("BadRequest", e.Reason);
    }

    [Fact]
    public void Decode_TargetPortOfUnknownType_IsBadRequest()
    {
        var raw = Message(Msg(2, Msg(1, Int(3, 80), Msg(4, Int(1, 2)))));

        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(Envelope("Service", raw), Services));

        Assert.Equal(400, e.Code);
        Assert.Contains("IntOrString type 2", e.Message);
    }

    [Fact]
    public void Decode_KindWithoutProtobufMessage_IsUnsupportedMediaTypeNamingJsonAndYaml()
    {
        var reviews = new ResourceRegistry().AddMockApiResources().All.First();
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(Envelope(reviews.Kind, Message(Msg(1, Str(1, "p"))), reviews.ApiVersion), reviews));

        Assert.Equal(415, e.Code);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml", e.Message);
    }

    [Fact]
    public async Task Post_KubectlCreateNamespace_CreatesItAndAnswersProtobuf()
    {
        var response = await PostAsync("/api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict", Envelope("Namespace", KubectlNamespace("proto-ns")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ProtobufAnswerAsync(response);
        Assert.Equal("Namespace", body.GetProperty("kind").GetString());
        Assert.Equal("proto-ns", body.GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Post_KubectlCreateServiceNodePort_CreatesItAndAnswersProtobuf()
    {
        var response = await PostAsync("/api/v1/namespaces/default/services?fieldManager=kubectl-create&fieldValidation=Strict", Envelope("Service", KubectlService()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spec = (await ProtobufAnswerAsync(response)).GetProperty("spec");
        Assert.Equal("NodePort", spec.GetProperty("type").GetString());
        Assert.Equal("frontend-svc", spec.GetProperty("selector").GetProperty("app").GetString());
        var port = spec.GetProperty("ports")[0];
        Assert.Equal("80-5000", port.GetProperty("name").GetString());
        Assert.Equal(80, port.GetProperty("port").GetInt32());
        Assert.Equal(5000, port.GetProperty("targetPort").GetInt32());
    }

    [Fact]
    public async Task Post_GarbageProtobuf_IsBadRequestStatus()
    {
        var response = await PostAsync("/api/v1/namespaces", [.. "k8s\0"u8, 0x0A, 0x7F]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = await ProtobufAnswerAsync(response);
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("BadRequest", status.GetProperty("reason").GetString());
    }

    /// <summary>A protobuf answer (the client listed protobuf first), decoded to its JSON.</summary>
    private static async Task<JsonElement> ProtobufAnswerAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/vnd.kubernetes.protobuf", response.Content.Headers.ContentType?.MediaType);
        var json = MockApiServer.Api.Protobuf.ProtobufEnvelope.DecodeToJson(await response.Content.ReadAsByteArrayAsync())!.ToJsonString();
        return JsonDocument.Parse(json).RootElement;
    }

    private async Task<HttpResponseMessage> PostAsync(string path, byte[] body)
    {
        using var http = factory.CreateClient();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Accept.ParseAdd("application/vnd.kubernetes.protobuf,application/json");
        return await http.SendAsync(request);
    }

    // What kubectl writes: ObjectMeta fields 1-6 as "", generation 0, an empty creationTimestamp.
    private static Action<CodedOutputStream> KubectlMeta(string name, params Action<CodedOutputStream>[] more) =>
        Msg(1, [Str(1, name), Str(2, ""), Str(3, ""), Str(4, ""), Str(5, ""), Str(6, ""), Int(7, 0), Msg(8), .. more]);

    private static byte[] KubectlNamespace(string name = "my-ns") =>
        Message(KubectlMeta(name), Msg(2), Msg(3, Str(1, "")));

    private static byte[] KubectlService() => Message(
        KubectlMeta("frontend-svc", Entry(11, "app", "frontend-svc")),
        Msg(2,
            Msg(1, Str(1, "80-5000"), Str(2, "TCP"), Int(3, 80), Msg(4, Int(1, 0), Int(2, 5000), Str(3, "")), Int(5, 0)),
            Entry(2, "app", "frontend-svc"),
            Str(3, ""), Str(4, "NodePort"), Str(7, ""), Str(8, ""), Str(10, ""), Str(11, ""), Int(12, 0), Int(13, 0)),
        Msg(3, Msg(1)));

    private static byte[] Envelope(string kind, byte[] raw, string apiVersion = "v1") =>
        [.. "k8s\0"u8, .. Message(Msg(1, Str(1, apiVersion), Str(2, kind)), Bytes(2, raw), Str(3, ""), Str(4, ""))];

    private static byte[] Message(params Action<CodedOutputStream>[] fields)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            foreach (var field in fields) field(output);
        }
        return buffer.ToArray();
    }

    private static Action<CodedOutputStream> Str(int field, string value) => o =>
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    };

    private static Action<CodedOutputStream> Int(int field, long value) => o =>
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteInt64(value);
    };

    private static Action<CodedOutputStream> Bytes(int field, byte[] value) => o =>
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(value));
    };

    private static Action<CodedOutputStream> Msg(int field, params Action<CodedOutputStream>[] fields) => Bytes(field, Message(fields));

    private static Action<CodedOutputStream> Entry(int field, string key, string value) => Msg(field, Str(1, key), Str(2, value));
}
