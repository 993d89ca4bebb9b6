using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MockApiServer.Bench;

/// <summary>The real server binary on a free loopback port, started and stopped by PID.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string url, string db)
    {
        _process = process;
        Url = url;
        Db = db;
    }

    public string Url { get; }
    public string Db { get; }
    public int Pid => _process.Id;

    /// <summary>The build output next to the bench: JIT-compiled at run time, as `dotnet run` and the tests load it.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "MockApiServer.dll");

    private static readonly Lazy<string> Published = new(Publish);

    /// <summary>
    /// The server as it ships (ReadyToRun): published by the repository's own .ci/publish — the
    /// Dockerfile's recipe — into server/ next to the bench, once per bench run (incremental).
    /// </summary>
    public static string PublishedDll => Published.Value;

    private static string Publish()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, ".ci", "publish"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("the repository's .ci/publish was not found above the bench");
        var output = Path.Combine(AppContext.BaseDirectory, "server");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root.FullName };
        info.ArgumentList.Add(".ci/publish");
        info.ArgumentList.Add(output);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($".ci/publish failed:\n{stdout.Result}{stderr.Result}");
        return Path.Combine(output, "MockApiServer.dll");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server and returns once /readyz answers, with the time that took.</summary>
    public static Task<(ServerProcess Server, TimeSpan Ready)> StartAsync(string db, params string[] extra) => StartDllAtAsync(Dll, db, extra);

    /// <summary>Starts <paramref name="dll"/> (<see cref="Dll"/> or <see cref="PublishedDll"/>) on a fresh port and returns once /readyz answers.</summary>
    public static Task<(ServerProcess Server, TimeSpan Ready)> StartDllAtAsync(string dll, string db, params string[] extra) =>
        StartDllAsync(dll, ["--db", db, "--dns-port", "0", .. extra], db);

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> --urls … <paramref name="args"/></c> and returns once
    /// /readyz answers 200, with the time from process start to that answer (the same clock for the
    /// server and its bare baseline).
    /// </summary>
    public static async Task<(ServerProcess Server, TimeSpan Ready)> StartDllAsync(string dll, string[] args, string db = "")
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--urls", url }.Concat(args)) info.ArgumentList.Add(a);
        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(url + "/readyz")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"{Path.GetFileName(dll)} did not become ready");
            await Task.Delay(5);
        }
        return (new ServerProcess(process, url, db), Stopwatch.GetElapsedTime(started));
    }

    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
