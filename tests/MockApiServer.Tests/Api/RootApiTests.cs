using System.Text.Json;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

public sealed class RootApiTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task Root_ForApiClient_ListsPaths()
    {
        var body = JsonDocument.Parse(await _http.GetStringAsync("/")).RootElement;
        var paths = body.GetProperty("paths").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("/api/v1", paths);
        Assert.Contains("/openapi/v3", paths);
    }

    [Fact]
    public async Task Root_ForBrowser_IsAPageWithLinksAndCounts()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await _http.SendAsync(request);

        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/swagger\"", html);
        Assert.Contains("<td>Namespace</td><td>4</td>", html);
        Assert.Contains("current-context: mock", html);
    }
}
