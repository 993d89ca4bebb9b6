using System.Collections.Concurrent;
using k8s.Models;
using MockApiServer.Runtime.Commands;

namespace MockApiServer.Runtime;

/// <summary>
/// One run of a container's main process: its container ID, its log, its output as attached
/// sessions see it, its stdin when the container asked for one (<c>stdin: true</c>, through a
/// terminal with <c>tty: true</c>), and its exit code once it ends.
/// </summary>
public sealed class ContainerProcess(string containerId, ContainerLog log, ProcessOutput output, ProcessInput? input, bool stdinOnce, Task<int> exit, CancellationTokenSource stop)
{
    private int _attachments;

    public string ContainerId { get; } = containerId;
    public ContainerLog Log { get; } = log;
    public ProcessOutput Output { get; } = output;

    /// <summary>The process's stdin; null when the container has none (it reads end of file).</summary>
    public ProcessInput? Input { get; } = input;

    public Task<int> Exit { get; } = exit;

    /// <summary>An attach session ends; with <c>stdinOnce</c> the first one to end closes stdin, as the runtime does.</summary>
    public async Task DetachAsync()
    {
        if (stdinOnce && Input is not null && Interlocked.Increment(ref _attachments) == 1) await Input.CloseAsync().ConfigureAwait(false);
    }

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
        var spec = PodContainers.Find(pod, container);
        var log = new ContainerLog(time);
        var terminal = spec?.Tty == true;
        var output = new ProcessOutput(log.Writer(), terminal);
        var input = spec?.Stdin == true ? new ProcessInput(terminal ? output : null) : null;
        var stop = new CancellationTokenSource();
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new ContainerProcess(containerId, log, output, input, spec?.StdinOnce == true, exit.Task, stop);
        var key = (pod.Metadata.Uid, container);
        var replaced = _processes.AddOrUpdate(key, (process, null), (_, old) => (process, old.Current));
        replaced.Previous?.Kill();
        _ = Task.Run(async () =>
        {
            var code = await RunAsync(pod, container, argv, state, commands, process, stop.Token).ConfigureAwait(false);
            output.Complete();
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
        ExecCommandRegistry commands, ContainerProcess process, CancellationToken stop)
    {
        var output = process.Output;
        var ctx = contexts.Create(pod, container, state, argv, commands, process.Input?.Reader ?? TextReader.Null, output, output, stop, process.Input?.IsTerminal == true);
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
