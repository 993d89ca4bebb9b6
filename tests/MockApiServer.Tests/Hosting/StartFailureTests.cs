using System.Diagnostics;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Hosting;

/// <summary>The real executable with a bad option: exit code 2 and one line on stderr naming the switch.</summary>
public sealed class StartFailureTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("--nodes", "many", "--nodes: \"many\" is not a whole number between 0 and 5000")]
    [InlineData("--cluster-cidr", "10.244.0.0/25", "--cluster-cidr: \"10.244.0.0/25\" is too small")]
    [InlineData("--service-cluster-ip-range", "nonsense", "--service-cluster-ip-range: ")]
    [InlineData("--kubernetes-version", "1.32", "--kubernetes-version: \"1.32\" is not a version like v1.32.0")]
    [InlineData("--controllers", "*,-kublet", "--controllers: unknown controller \"kublet\"")]
    [InlineData("--v", "11", "--v: \"11\" is not a whole number between 0 and 10")]
    [InlineData("--token-auth-file", "/no/such/tokens.csv", "--token-auth-file: /no/such/tokens.csv does not exist")]
    [InlineData("--etcd-servers", "http://127.0.0.1:2379", "--etcd-servers and --db: give one store, etcd or a SQLite file, not both")]
    public async Task BadValue_StopsTheStartWithOneLineNamingTheSwitch(string option, string value, string prefix)
    {
        var (exitCode, stderr) = await RunServerAsync("--db", ":memory:", "--dns-port", "0", "--urls", "http://127.0.0.1:0", option, value);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("mockapiserver: " + prefix, stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    private static async Task<(int ExitCode, string Stderr)> RunServerAsync(params string[] args)
    {
        using var process = Process.Start(ServerProcess.StartInfo(AppContext.BaseDirectory, args))!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the server did not stop within {Deadline.TotalSeconds}s: the bad value was accepted");
        }
        return (process.ExitCode, (await stderr).Replace("\r", ""));
    }
}
