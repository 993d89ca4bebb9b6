using k8s;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>kubectl exec through the official client's WebSocket API: exit code, stdout and stderr, with no stdin.</summary>
public static class PodExec
{
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(IKubernetes client, string pod, string ns, params string[] command)
    {
        string stdout = "", stderr = "";
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var code = await client.NamespacedPodExecAsync(pod, ns, null, command, false, async (stdin, outStream, errStream) =>
        {
            stdin.Close();
            var o = new StreamReader(outStream).ReadToEndAsync(deadline.Token);
            var e = new StreamReader(errStream).ReadToEndAsync(deadline.Token);
            (stdout, stderr) = (await o, await e);
        }, deadline.Token);
        return (code, stdout, stderr);
    }
}
