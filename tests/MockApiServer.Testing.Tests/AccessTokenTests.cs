using System.Net;
using k8s;

namespace MockApiServer.Testing.Tests;

/// <summary>A server that asks for a bearer token (--token-auth-file), and a fixture client that has it.</summary>
public sealed class TokenFixture : MockApiServerFixture
{
    public const string Token = "s3cret";

    public static readonly string TokenFile = WriteTokenFile();

    public TokenFixture() : base(new MockApiServerOptions { AccessToken = Token, Settings = { ["TokenAuthFile"] = TokenFile } })
    {
    }

    private static string WriteTokenFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mockapi-fixture-tokens-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, $"{Token},alice,1000\n");
        return path;
    }
}

public sealed class AccessTokenTests(TokenFixture server) : IClassFixture<TokenFixture>
{
    [Fact]
    public async Task Client_SendsTheAccessToken()
    {
        var namespaces = await server.Client.CoreV1.ListNamespaceAsync();

        Assert.NotEmpty(namespaces.Items);
    }

    [Fact]
    public async Task RequestWithoutTheToken_IsUnauthorized()
    {
        using var http = server.CreateClient();

        var response = await http.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
