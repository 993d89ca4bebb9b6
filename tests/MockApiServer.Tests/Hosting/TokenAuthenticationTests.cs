using System.Net;
using System.Net.Http.Headers;
using MockApiServer.Testing;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Hosting;

public sealed class TokenAuthenticationTests(TokenAuthenticationTests.Fixture factory) : IClassFixture<TokenAuthenticationTests.Fixture>
{
    /// <summary>The fixture's own client sends alice's token; the tests' raw requests choose theirs.</summary>
    public sealed class Fixture() : MockApiServerFactory(new MockApiServerOptions { AccessToken = "s3cret" })
    {
        public static readonly string TokenFile = WriteTokenFile();

        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("TokenAuthFile", TokenFile)];

        private static string WriteTokenFile()
        {
            var path = Path.Combine(Path.GetTempPath(), $"mockapi-tokens-{Guid.NewGuid():N}.csv");
            File.WriteAllText(path, "# token,user,uid,groups\ns3cret,alice,1000,\"dev,ops\"\n");
            return path;
        }
    }

    private readonly HttpClient _http = factory.CreateClient();

    private HttpRequestMessage Get(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task Request_WithoutValidToken_IsUnauthorizedStatus(string? token)
    {
        var response = await _http.SendAsync(Get("/api/v1/namespaces", token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"reason\":\"Unauthorized\"", body);
        Assert.Contains("\"code\":401", body);
    }

    [Fact]
    public async Task Request_WithValidToken_IsServed()
    {
        var response = await _http.SendAsync(Get("/api/v1/namespaces", "s3cret"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    [InlineData("/ui")]
    [InlineData("/ui/cluster.js")]
    public async Task HealthChecksAndThePagesFiles_StayOpen(string path)
    {
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(Get(path, null))).StatusCode);
    }
}
