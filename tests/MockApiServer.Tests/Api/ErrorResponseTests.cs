using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>Requests no typed client would send: each must get a 4xx Status, never a 500 or a write.</summary>
public sealed class ErrorResponseTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    private static StringContent Json(string body, string type = "application/json") => new(body, Encoding.UTF8, type);

    private static async Task<JsonElement> StatusOf(HttpResponseMessage response, int code, string reason)
    {
        Assert.Equal((HttpStatusCode)code, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("v1", status.GetProperty("apiVersion").GetString());
        Assert.Equal("Failure", status.GetProperty("status").GetString());
        Assert.Equal(reason, status.GetProperty("reason").GetString());
        Assert.Equal(code, status.GetProperty("code").GetInt32());
        return status;
    }

    [Fact]
    public async Task Post_MalformedJson_IsBadRequest()
    {
        var response = await _http.PostAsync("/api/v1/namespaces/default/pods", Json("{\"metadata\": {"));
        var status = await StatusOf(response, 400, "BadRequest");
        Assert.StartsWith("couldn't get version/kind; json parse error:", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_WrongKind_IsBadRequest()
    {
        var response = await _http.PostAsync("/api/v1/namespaces/default/pods", Json("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"x\"}}"));
        var status = await StatusOf(response, 400, "BadRequest");
        Assert.Equal("the kind in the data (Service) does not match the expected kind (Pod)", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_WrongApiVersion_IsBadRequest()
    {
        var response = await _http.PostAsync("/api/v1/namespaces/default/pods", Json("{\"apiVersion\":\"v2\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"}}"));
        await StatusOf(response, 400, "BadRequest");
    }

    [Fact]
    public async Task Post_WrongFieldType_IsBadRequest()
    {
        var response = await _http.PostAsync("/api/v1/namespaces/default/pods", Json("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"containers\":\"nope\"}}"));
        var status = await StatusOf(response, 400, "BadRequest");
        Assert.StartsWith("Pod in version \"v1\" cannot be handled as a Pod:", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_JsonArray_IsBadRequest()
    {
        await StatusOf(await _http.PostAsync("/api/v1/namespaces/default/pods", Json("[1,2]")), 400, "BadRequest");
    }

    [Fact]
    public async Task Post_UnsupportedContentType_IsUnsupportedMediaType()
    {
        var response = await _http.PostAsync("/api/v1/namespaces/default/pods", Json("<pod/>", "application/xml"));
        var status = await StatusOf(response, 415, "UnsupportedMediaType");
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
            status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_BodyOverThreeMebibytes_IsRequestEntityTooLarge()
    {
        var huge = "{\"metadata\":{\"name\":\"big\",\"annotations\":{\"a\":\"" + new string('x', 3 * 1024 * 1024 + 10) + "\"}}}";
        var response = await _http.PostAsync("/api/v1/namespaces/default/pods", Json(huge));
        var status = await StatusOf(response, 413, "RequestEntityTooLarge");
        Assert.Equal("Request entity too large: limit is 3145728", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Get_UnknownResource_IsNotFound()
    {
        var status = await StatusOf(await _http.GetAsync("/api/v1/namespaces/default/widgets"), 404, "NotFound");
        Assert.Equal("the server could not find the requested resource", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Get_UnknownSubresource_IsNotFound()
    {
        await StatusOf(await _http.GetAsync("/api/v1/namespaces/default/pods/x/frobnicate"), 404, "NotFound");
    }

    [Fact]
    public async Task Put_OnCollection_IsMethodNotAllowed()
    {
        var response = await _http.PutAsync("/api/v1/namespaces/default/pods", Json("{}"));
        var status = await StatusOf(response, 405, "MethodNotAllowed");
        Assert.Equal("the server does not allow this method on the requested resource", status.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("labelSelector=app%20in%20(a", 400, "BadRequest")]
    [InlineData("labelSelector=a%3D%3Db%3Dc", 400, "BadRequest")]
    [InlineData("fieldSelector=spec.foo%3Dbar", 400, "BadRequest")]
    [InlineData("limit=abc", 400, "BadRequest")]
    [InlineData("watch=maybe", 400, "BadRequest")]
    [InlineData("resourceVersion=abc", 400, "BadRequest")]
    [InlineData("resourceVersionMatch=Exact", 400, "BadRequest")]
    [InlineData("continue=garbage", 400, "BadRequest")]
    [InlineData("includeObject=Everything", 400, "BadRequest")]
    public async Task List_WithBadQueryValue_IsClientError(string query, int code, string reason)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/pods?" + query);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));
        await StatusOf(await _http.SendAsync(request), code, reason);
    }

    [Fact]
    public async Task List_UnsupportedFieldSelector_NamesTheField()
    {
        var status = await StatusOf(await _http.GetAsync("/api/v1/pods?fieldSelector=spec.foo%3Dbar"), 400, "BadRequest");
        Assert.Equal("field label not supported: spec.foo", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_BadDryRunValue_IsBadRequest()
    {
        var response = await _http.PostAsync("/api/v1/namespaces/default/pods?dryRun=Some", Json("{\"metadata\":{\"name\":\"x\"}}"));
        await StatusOf(response, 400, "BadRequest");
    }

    [Fact]
    public async Task Post_StrictWithUnknownField_IsStrictDecodingError()
    {
        var body = "{\"metadata\":{\"name\":\"strict\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\",\"foo\":1}]}}";
        var response = await _http.PostAsync("/api/v1/namespaces/default/pods?fieldValidation=Strict", Json(body));
        var status = await StatusOf(response, 400, "BadRequest");
        Assert.Equal("strict decoding error: unknown field \"spec.containers[0].foo\"", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_WarnWithUnknownField_CreatesAndWarns()
    {
        var body = "{\"metadata\":{\"name\":\"warned\"},\"spec\":{\"foo\":1,\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}";
        var response = await _http.PostAsync("/api/v1/namespaces/default/pods?fieldValidation=Warn", Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("299 - \"unknown field \\\"spec.foo\\\"\"", response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task Post_DryRun_WritesNothing()
    {
        var before = await _http.GetStringAsync("/api/v1/namespaces/default/pods");
        var response = await _http.PostAsync("/api/v1/namespaces/default/pods?dryRun=All", Json("{\"metadata\":{\"name\":\"dry\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/v1/namespaces/default/pods/dry")).StatusCode);
        Assert.Equal(before, await _http.GetStringAsync("/api/v1/namespaces/default/pods"));
    }

    [Fact]
    public async Task Post_Yaml_IsAccepted()
    {
        var yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: from-yaml\nspec:\n  containers:\n  - name: c\n    image: nginx\n";
        var response = await _http.PostAsync("/api/v1/namespaces/default/pods", Json(yaml, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
