using System.Collections.Concurrent;
using k8s.Models;
using MockApiServer.Runtime.Commands;

namespace MockApiServer.Runtime;

/// <summary>One run of a container's main process: its container ID, its log, and its exit code once it ends.</summary>
public sealed class ContainerProcess(string containerId, ContainerLog log, Task<int> exit, CancellationTokenSource stop)
{
    public string ContainerId { get; } = containerId;
    public ContainerLog Log { get; } = log;
    public Task<int> Exit { get; } = exit;

    /// <summary>The exit code when the process has ended, else null.</summary>
    public int? ExitCode => Exit.IsCompletedSuccessfully ? Exit.Result : null;

    /// <summary>SIGKILL: the process's cancellation fires; a program that honours it ends with 137.</summary>
    public void Kill() => stop.Cancel();
}

/// <summary>
/// The simulated container runtime's processes: a container whose argv is a program (see
/// <see cref="ContainerProgram"/>) runs it through the <see cref="ExecCommandRegistry"/>, as
/// <c>kubectl exec</c> would, with its output going to the container's log. The registry is
/// passed in rather than injected, because its commands reach back here through the network. The kubelet starts
/// and kills them and reads their exit codes; pods/log reads their logs. The last ended run of a
/// container is kept as its previous instance (<c>kubectl logs --previous</c>). In memory only.
/// </summary>
public sealed class ContainerProcesses(ContainerContexts contexts, TimeProvider time, ILogger<ContainerProcesses> logger)
{
    /// <summary>A process killed by a signal: 128 + SIGKILL, as the runtime reports it.</summary>
    public const int KilledExitCode = 137;

    private readonly ConcurrentDictionary<(string Uid, string Container), (ContainerProcess Current, ContainerProcess? Previous)> _processes = new();

    public ContainerProcess? Current(string podUid, string container) => _processes.TryGetValue((podUid, container), out var p) ? p.Current : null;

    public ContainerProcess? Previous(string podUid, string container) => _processes.TryGetValue((podUid, container), out var p) ? p.Previous : null;

    /// <summary>Starts argv in the container through <paramref name="commands"/> (killing a run still going); <paramref name="exited"/> is called when it ends.</summary>
    public ContainerProcess Start(V1Pod pod, string container, string containerId, IReadOnlyList<string> argv, ContainerState state, ExecCommandRegistry commands, Action exited)
    {
        var log = new ContainerLog(time);
        var stop = new CancellationTokenSource();
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new ContainerProcess(containerId, log, exit.Task, stop);
        var key = (pod.Metadata.Uid, container);
        var replaced = _processes.AddOrUpdate(key, (process, null), (_, old) => (process, old.Current));
        replaced.Previous?.Kill();
        _ = Task.Run(async () =>
        {
            var code = await RunAsync(pod, container, argv, state, commands, log, stop.Token).ConfigureAwait(false);
            exit.TrySetResult(code);
            exited();
        });
        return process;
    }

    /// <summary>Kills every process of the pod and forgets them and the containers' files (the pod is gone).</summary>
    public void Remove(string podUid)
    {
        contexts.Remove(podUid);
        foreach (var key in _processes.Keys.Where(k => k.Uid == podUid).ToList())
            if (_processes.TryRemove(key, out var p)) p.Current.Kill();
    }

    private async Task<int> RunAsync(V1Pod pod, string container, IReadOnlyList<string> argv, ContainerState state,
        ExecCommandRegistry commands, ContainerLog log, CancellationToken stop)
    {
        using var output = log.Writer();
        var ctx = contexts.Create(pod, container, state, argv, commands, TextReader.Null, output, output, stop);
        try
        {
            return await commands.RunAsync(ctx).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return KilledExitCode;
        }
        catch (Exception e)
        {
            logger.LogError(e, "container {Container} of {Namespace}/{Pod} failed", container, pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            await output.WriteAsync($"{e.Message}\n").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
