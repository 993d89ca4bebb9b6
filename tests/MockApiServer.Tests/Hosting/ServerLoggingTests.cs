using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Hosting;

/// <summary>
/// The real executable started from a folder other than its own, as scripts and harnesses start
/// it (regression: the log levels lived in appsettings.json, which is only found in the working
/// directory, so such a server logged every request at Information).
/// </summary>
public sealed class ServerLoggingTests : IDisposable
{
    private const string RequestLine = "Request starting HTTP/1.1 GET";
    private const string NotServedLine = "Not served: GET /apis/nowhere.example/v1/gadgets (404 NotFound)";

    private readonly string _elsewhere = Directory.CreateTempSubdirectory("mockapi-logging-").FullName;

    public void Dispose() => Directory.Delete(_elsewhere, recursive: true);

    [Fact]
    public async Task FromAnotherFolder_ByDefault_LogsNoRequestsButWarnsOfOneNotServed()
    {
        await using var server = await ServerProcess.StartAsync(_elsewhere);

        var stdout = await ServeSomeRequestsAsync(server);

        Assert.DoesNotContain("Request starting", stdout);
        Assert.Contains("warn: MockApiServer.Api.FallbackApi", stdout);
    }

    [Fact]
    public async Task FromAnotherFolder_AtVerbosity4_LogsEveryRequest()
    {
        await using var server = await ServerProcess.StartAsync(_elsewhere, "--v=4");

        var stdout = await ServeSomeRequestsAsync(server);

        Assert.Contains($"{RequestLine} {server.Http.BaseAddress}api/v1/namespaces", stdout);
        Assert.Contains($"{RequestLine} {server.Http.BaseAddress}version", stdout);
    }

    /// <summary>A few GETs, then one for a path nothing serves; the stdout once that one's warning is in it (so every earlier line is too).</summary>
    private static async Task<string> ServeSomeRequestsAsync(ServerProcess server)
    {
        foreach (var path in new[] { "/version", "/api/v1/namespaces", "/api/v1/namespaces/default/pods" })
            (await server.Http.GetAsync(path)).EnsureSuccessStatusCode();
        Assert.Equal(404, (int)(await server.Http.GetAsync("/apis/nowhere.example/v1/gadgets")).StatusCode);
        return await server.OutputContainingAsync(NotServedLine);
    }
}
