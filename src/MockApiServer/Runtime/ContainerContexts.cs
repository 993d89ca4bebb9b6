using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking.Dns;
using MockApiServer.Runtime.Commands;

namespace MockApiServer.Runtime;

/// <summary>
/// Builds the <see cref="ExecContext"/> of a process in a container — kubectl exec's, the main
/// process's, an exec probe's: the container's environment, files, resolv.conf and clock. The
/// commands come from the caller, as they themselves reach back to the runtime through the network.
/// </summary>
public sealed class ContainerContexts(ResourceStore store, DnsOptions dns, ClusterDnsResolver resolver, ContainerFileSystems files, TimeProvider time)
{
    private readonly StorePodConfigLookup _config = new(store);

    public ExecContext Create(V1Pod pod, string container, ContainerState state, IReadOnlyList<string> argv, ExecCommandRegistry commands,
        TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellation, bool tty = false) => new()
        {
            Pod = pod,
            ContainerName = container,
            Container = state,
            Args = argv,
            Environment = ExecContext.ProcessEnvironment(state),
            Stdin = stdin,
            Stdout = stdout,
            Stderr = stderr,
            Store = store,
            Commands = commands,
            ClusterDomain = dns.ClusterDomain,
            ResolvConf = resolver.ResolvConfFor(pod),
            Tty = tty,
            Cancellation = cancellation,
            Time = time,
            Files = Files(pod, container),
        };

    private ContainerFileSystem Files(V1Pod pod, string container)
    {
        var fs = files.For(pod.Metadata.Uid, container, PodContainers.Status(pod, container)?.ContainerID);
        if (PodContainers.Find(pod, container) is { } spec) fs.Mount(PodVolumes.Files(pod, spec, _config));
        return fs;
    }

    /// <summary>Forgets the pod's container files (the pod is gone).</summary>
    public void Remove(string podUid) => files.Remove(podUid);
}
