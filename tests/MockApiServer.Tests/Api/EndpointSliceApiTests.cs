using System.Net.Http.Headers;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class EndpointSliceApiTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly HttpClient _http = factory.CreateClient();
    private readonly IKubernetes _client = factory.Client;

    private static V1EndpointSlice Slice(string name, string addressType = "IPv4", params string[] addresses) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "web" } },
        AddressType = addressType,
        Endpoints = addresses.Select(a => new V1Endpoint { Addresses = [a], Conditions = new V1EndpointConditions { Ready = true } }).ToList(),
        Ports = [new Discoveryv1EndpointPort { Port = 80 }],
    };

    [Fact]
    public async Task Apis_ListsTheDiscoveryGroup()
    {
        var groups = await _client.Apis.GetAPIVersionsAsync();

        var discovery = groups.Groups.Single(g => g.Name == "discovery.k8s.io");
        Assert.Equal("discovery.k8s.io/v1", discovery.PreferredVersion.GroupVersion);
    }

    [Fact]
    public async Task DiscoveryV1ResourceList_HasEndpointSlicesWithoutShortNames()
    {
        var list = await _client.DiscoveryV1.GetAPIResourcesAsync();

        var slices = list.Resources.Single(r => r.Name == "endpointslices");
        Assert.Equal("EndpointSlice", slices.Kind);
        Assert.True(slices.Namespaced);
        Assert.Null(slices.ShortNames);
        Assert.DoesNotContain(list.Resources, r => r.Name == "endpointslices/status");
    }

    [Fact]
    public async Task Create_DefaultsPortNameAndProtocol_AndReadsBack()
    {
        var created = await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("defaults", "IPv4", "10.244.1.5"), "default");

        Assert.Equal("discovery.k8s.io/v1", created.ApiVersion);
        Assert.Equal("EndpointSlice", created.Kind);
        Assert.Equal("", created.Ports[0].Name);
        Assert.Equal("TCP", created.Ports[0].Protocol);
        var read = await _client.DiscoveryV1.ReadNamespacedEndpointSliceAsync("defaults", "default");
        Assert.Equal(["10.244.1.5"], read.Endpoints[0].Addresses);
    }

    [Fact]
    public async Task Read_Missing_ReturnsNotFoundWithQualifiedResource()
    {
        var status = await StatusAssert.FailsAsync(() => _client.DiscoveryV1.ReadNamespacedEndpointSliceAsync("nope", "default"),
            404, "NotFound", "endpointslices.discovery.k8s.io \"nope\" not found");
        Assert.Equal("discovery.k8s.io", status.Details.Group);
        Assert.Equal("endpointslices", status.Details.Kind);
    }

    [Fact]
    public async Task Create_WithUnknownAddressType_ReturnsInvalid()
    {
        var status = await StatusAssert.FailsAsync(() => _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("bad-type", "IP"), "default"),
            422, "Invalid");
        Assert.Contains(status.Details.Causes, c => c.Field == "addressType" && c.Message == "Unsupported value: \"IP\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"");
    }

    [Fact]
    public async Task Create_WithAddressOfTheWrongFamily_ReturnsInvalidWithFieldPath()
    {
        var status = await StatusAssert.FailsAsync(() => _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("bad-address", "IPv4", "10.0.0.1", "fd00::1"), "default"),
            422, "Invalid");
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal("endpoints[1].addresses[0]", cause.Field);
        Assert.Equal("Invalid value: \"fd00::1\": must be a valid IPv4 address", cause.Message);
    }

    [Fact]
    public async Task Create_WithFqdnAddresses_AcceptsDomains()
    {
        var created = await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("fqdn", "FQDN", "db.example.com"), "default");

        Assert.Equal("FQDN", created.AddressType);
    }

    [Fact]
    public async Task Update_ChangingAddressType_IsRejectedAsImmutable()
    {
        var created = await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("immutable", "IPv4"), "default");
        created.AddressType = "IPv6";

        var status = await StatusAssert.FailsAsync(() => _client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(created, "immutable", "default"), 422, "Invalid");
        Assert.Contains(status.Details.Causes, c => c.Field == "addressType" && c.Message == "Invalid value: \"IPv6\": field is immutable");
    }

    [Fact]
    public async Task Create_WithTooManyEndpoints_ReturnsTooMany()
    {
        var addresses = Enumerable.Range(0, 1001).Select(i => $"10.1.{i / 250}.{i % 250 + 1}").ToArray();

        var status = await StatusAssert.FailsAsync(() => _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("too-many", "IPv4", addresses), "default"), 422, "Invalid");
        Assert.Contains(status.Details.Causes, c => c.Field == "endpoints" && c.Message == "Too many: 1001: must have at most 1000 items");
    }

    [Fact]
    public async Task List_BySelector_AcrossTheGroupPath()
    {
        await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice("listed", "IPv4", "10.244.3.1"), "default");

        var list = await _client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: "kubernetes.io/service-name=web");

        Assert.Contains(list.Items, s => s.Metadata.Name == "listed");
        var all = await _client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync();
        Assert.Contains(all.Items, s => s.Metadata.Name == "listed");
    }

    [Fact]
    public async Task Table_PrintsPortsEndpointsAndMore()
    {
        var slice = Slice("table", "IPv4", "10.244.1.5", "10.244.2.3", "10.244.3.4", "10.244.4.4");
        slice.Ports = [new Discoveryv1EndpointPort { Port = 80 }, new Discoveryv1EndpointPort { Name = "https", Port = 443 }];
        await _client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, "default");
        var request = new HttpRequestMessage(HttpMethod.Get, "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/table");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json;as=Table;v=v1;g=meta.k8s.io"));

        var body = JsonDocument.Parse(await (await _http.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(["Name", "AddressType", "Ports", "Endpoints", "Age"], body.GetProperty("columnDefinitions").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var cells = body.GetProperty("rows")[0].GetProperty("cells");
        Assert.Equal("IPv4", cells[1].GetString());
        Assert.Equal("80,443", cells[2].GetString());
        Assert.Equal("10.244.1.5,10.244.2.3,10.244.3.4 + 1 more...", cells[3].GetString());
    }

    [Fact]
    public void Routes_UseDiscoveryOperationIdsAndGroupPaths()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var list = endpoints.Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "listDiscoveryV1NamespacedEndpointSlice");
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices", list.RoutePattern.RawText);
        Assert.Contains(endpoints, e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "getDiscoveryV1APIResources");
        Assert.Contains(endpoints, e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "listDiscoveryV1EndpointSliceForAllNamespaces");
    }
}
