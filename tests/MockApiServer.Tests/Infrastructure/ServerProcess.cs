using System.Diagnostics;
using System.Text;

namespace MockApiServer.Tests.Infrastructure;

/// <summary>
/// The built MockApiServer.dll as its own process, as scripts and harnesses start it: from a
/// working directory of the caller's choosing, bound to 127.0.0.1 on a free port, its stdout kept
/// for assertions, stopped by PID.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int StartTimeoutMs = 60_000;
    private const int OutputTimeoutMs = 30_000;

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = url };
    }

    /// <summary>A client for the server's http://127.0.0.1:PORT.</summary>
    public HttpClient Http { get; }

    /// <summary>Everything the server has written to stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_stdout) return _stdout.ToString();
        }
    }

    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MockApiServer.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Starts the server in <paramref name="workingDirectory"/> with an in-memory store and no DNS, and returns once /readyz answers.</summary>
    public static async Task<ServerProcess> StartAsync(string workingDirectory, params string[] args)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Pick()}");
        var process = Process.Start(StartInfo(workingDirectory, ["--urls", url.ToString().TrimEnd('/'), "--db", ":memory:", "--dns-port", "0", .. args]))!;
        var server = new ServerProcess(process, url);
        process.OutputDataReceived += (_, e) => server.Append(server._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(server._stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(server.ReadyAsync, ready => ready, StartTimeoutMs);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The stdout once it contains <paramref name="text"/>.</summary>
    public Task<string> OutputContainingAsync(string text) =>
        Poll.UntilAsync(() => Task.FromResult(Stdout), s => s.Contains(text, StringComparison.Ordinal), OutputTimeoutMs);

    private async Task<bool> ReadyAsync()
    {
        if (_process.HasExited)
        {
            lock (_stderr) throw new InvalidOperationException($"the server exited with {_process.ExitCode}: {_stderr}");
        }
        try
        {
            return (await Http.GetAsync("/readyz")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Append(StringBuilder output, string? line)
    {
        if (line is null) return;
        lock (output) output.Append(line).Append('\n');
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
