using System.Net;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Api;

/// <summary>The /ui page's files come from the assembly; the page itself is tested in chromium (tests/ui).</summary>
public sealed class UiApiTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Theory]
    [InlineData("/ui", "text/html", "/ui/cluster.js")]
    [InlineData("/ui/cluster.js", "text/javascript", "watch=1")]
    [InlineData("/ui/cluster.css", "text/css", "#wires")]
    public async Task File_IsServedFromTheAssembly(string path, string mediaType, string content)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownFile_IsNotFoundStatus()
    {
        var response = await _http.GetAsync("/ui/secrets.txt");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"reason\":\"NotFound\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RootPage_LinksToIt()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html");

        var html = await (await _http.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("href=\"/ui\"", html);
    }
}
