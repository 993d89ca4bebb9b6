using System.Collections.Concurrent;
using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Machinery.Cache;
using MockApiServer.Networking;
using MockApiServer.Resources.Pods;
using MockApiServer.Runtime;
using MockApiServer.Runtime.Commands;
using MockApiServer.Simulation;

namespace MockApiServer.Controllers;

/// <summary>
/// The simulated kubelets of every node: a pod bound to an existing node is started (IP from the
/// node's podCIDR, Running, Ready, container statuses, service environment), made to fail or
/// crash when its annotations say so (<see cref="PodSimulation"/>), and, once deleted, has its
/// containers stopped and its deletion completed after the simulated grace. The kubelet writes
/// status only at the transitions it owns, so a client's pods/status write in between stays.
/// </summary>
public sealed partial class KubeletController(ResourceStore store, ClusterOptions options, ContainerRuntimeStore runtime, PodIpAllocator ips,
    ContainerProcesses processes, IContainerRuntime containers, ExecCommandRegistry commands, KubeletProbes probes,
    EventRecorder events, TimeProvider time, RandomSource random, ILogger<KubeletController> logger) : BackgroundService
{
    public const string Component = "kubelet";
    // A real kubelet runs one worker per pod; enough here that status writes of many pods share a group commit.
    private const int Workers = 64;
    private static readonly TimeSpan MaxCrashBackoff = TimeSpan.FromMinutes(5);
    private readonly WorkQueue _queue = new(time);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _deleting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Namespace, bool Links), (long Version, IReadOnlyDictionary<string, string> Variables)> _serviceVariables = new();
    private long _servicesVersion;
    // Pods waiting for a ConfigMap or Secret (a volume or an env reference), by key, with their namespace.
    private readonly ConcurrentDictionary<string, string> _waitingForConfig = new(StringComparer.Ordinal);
    private readonly StorePodConfigLookup _config = new(store);

    private ResourceDefinition Pods => store.Registry.Get("", "pods");
    private ResourceDefinition Nodes => store.Registry.Get("", "nodes");
    private ResourceDefinition Services => store.Registry.Get("", "services");

    protected override Task ExecuteAsync(CancellationToken ct)
    {
        ReserveStoredIps();
        var tasks = new List<Task>
        {
            new Informer(store, Pods).RunAsync(OnPodChange, ct),
            new Informer(store, Nodes).RunAsync(OnNodeChange, ct),
            new Informer(store, Services).RunAsync((_, _) => Interlocked.Increment(ref _servicesVersion), ct),
            new Informer(store, store.Registry.Get("", "configmaps")).RunAsync(OnConfigChange, ct),
            new Informer(store, store.Registry.Get("", "secrets")).RunAsync(OnConfigChange, ct),
        };
        for (var i = 0; i < Workers; i++) tasks.Add(_queue.RunAsync(SyncAsync, logger, ct));
        return Task.WhenAll(tasks);
    }

    private void ReserveStoredIps()
    {
        var snapshot = store.Snapshot;
        foreach (var pod in snapshot.List(Pods, null).Select(o => (V1Pod)o.Object))
        {
            if (pod.Spec?.HostNetwork == true || string.IsNullOrEmpty(pod.Status?.PodIP) || string.IsNullOrEmpty(pod.Spec?.NodeName)) continue;
            if (snapshot.Get(Nodes, "", pod.Spec.NodeName)?.Object is V1Node { Spec.PodCIDR: { Length: > 0 } cidr })
                ips.Reserve(pod.Spec.NodeName, cidr, pod.Status.PodIP, pod.Metadata.Uid);
        }
    }

    private void OnPodChange(StoredObject? previous, StoredObject? current)
    {
        if (current is null)
        {
            if (previous is not null) Forget(previous.Object.Metadata.Uid);
            return;
        }
        if (previous is not null && previous.Object.Metadata.Uid != current.Object.Metadata.Uid) Forget(previous.Object.Metadata.Uid);
        if (!string.IsNullOrEmpty(((V1Pod)current.Object).Spec?.NodeName)) _queue.Add(Key(current));
    }

    private void OnNodeChange(StoredObject? previous, StoredObject? current)
    {
        if (current is null || (previous is not null && ((V1Node)previous.Object).Spec?.PodCIDR == ((V1Node)current.Object).Spec?.PodCIDR)) return;
        foreach (var pod in store.Snapshot.ByIndex(Pods, PodIndexes.NodeName.Name, "", current.Name)) _queue.Add(Key(pod));
    }

    private void Forget(string uid)
    {
        ips.Release(uid);
        runtime.Remove(uid);
        processes.Remove(uid);
        probes.Forget(uid);
        _accepted.TryRemove(uid, out _);
        _deleting.TryRemove(uid, out _);
        foreach (var (key, _) in _waitingForConfig)
            if (store.TryGet(Pods, key[..key.IndexOf('/')], key[(key.IndexOf('/') + 1)..]) is null) _waitingForConfig.TryRemove(key, out _);
    }

    /// <summary>Level-triggered: reads the pod and its node from the cache and takes the one step due now.</summary>
    public async Task SyncAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/');
        var (ns, name) = (key[..slash], key[(slash + 1)..]);
        if (store.TryGet(Pods, ns, name)?.Object is not V1Pod pod || string.IsNullOrEmpty(pod.Spec?.NodeName)) return;
        if (store.TryGet(Nodes, "", pod.Spec.NodeName)?.Object is not V1Node node) return;
        if (pod.Metadata.DeletionTimestamp is not null) await TerminateAsync(key, pod).ConfigureAwait(false);
        else if (pod.Status?.Phase is "Failed" or "Succeeded") return;
        else if (string.IsNullOrEmpty(pod.Status?.PodIP)) await StartAsync(key, pod, node).ConfigureAwait(false);
        else if (PodStatusTransitions.WaitingForConfig(pod) is { Count: > 0 } waiting) await RetryConfigAsync(key, pod, waiting).ConfigureAwait(false);
        else if (PodSimulation.For(pod, options).Crash) await CrashAsync(key, pod).ConfigureAwait(false);
        else if (PodStatusTransitions.ChangedImages(pod) is { Count: > 0 } changed) await RestartChangedAsync(key, pod, changed).ConfigureAwait(false);
        else
        {
            if (runtime.Get(pod.Metadata.Uid) is null) runtime.Set(Runtime(pod, pod.Status.StartTime ?? Now()));
            await SyncProcessesAsync(key, pod).ConfigureAwait(false);
        }
    }

    private async Task StartAsync(string key, V1Pod pod, V1Node node)
    {
        var sim = PodSimulation.For(pod, options);
        var now = time.GetUtcNow();
        var due = _accepted.GetOrAdd(pod.Metadata.Uid, now) + sim.StartDelay;
        var hostIp = NodeTemplate.InternalIp(node) ?? "";
        if (now < due)
        {
            if (pod.Status?.ContainerStatuses is not { Count: > 0 })
                await UpdateStatusAsync(pod, p => { PodStatusTransitions.Creating(p, hostIp, Now()); return true; }).ConfigureAwait(false);
            _queue.AddAfter(key, due - now);
            return;
        }
        if (PodVolumes.SetUpError(pod, _config) is { } mount)
        {
            _waitingForConfig[key] = pod.Metadata.NamespaceProperty;
            if (pod.Status?.ContainerStatuses is not { Count: > 0 })
                await UpdateStatusAsync(pod, p => { PodStatusTransitions.Creating(p, hostIp, Now()); return true; }).ConfigureAwait(false);
            await events.RecordAsync(pod, EventRecorder.Warning, "FailedMount", $"MountVolume.SetUp failed for volume \"{mount.Volume}\" : {mount.Error}",
                Component, node.Metadata.Name).ConfigureAwait(false);
            return;
        }
        var configErrors = ConfigErrors(pod, pod.Spec.Containers.Select(c => c.Name));
        var podIp = pod.Spec.HostNetwork == true ? hostIp : ips.Allocate(node.Metadata.Name, node.Spec?.PodCIDR ?? "", pod.Metadata.Uid);
        if (podIp is null)
        {
            await events.RecordAsync(pod, EventRecorder.Warning, "FailedCreatePodSandBox",
                $"Failed to create pod sandbox: plugin type=\"bridge\" failed (add): failed to allocate for range 0: no IP addresses available in range set: {node.Spec?.PodCIDR}",
                Component, node.Metadata.Name).ConfigureAwait(false);
            _queue.AddAfter(key, TimeSpan.FromSeconds(5));
            return;
        }
        var started = Now();
        var running = await UpdateStatusAsync(pod, p =>
        {
            if (!string.IsNullOrEmpty(p.Status?.PodIP)) return false;
            PodStatusTransitions.Start(p, hostIp, podIp, started, sim, () => $"containerd://{Hex(64)}", options.CrashBackoff, configErrors);
            if (sim.Fail) PodStatusTransitions.Fail(p, started);
            return true;
        }).ConfigureAwait(false);
        if (running is null) return;
        runtime.Set(Runtime(running, started));
        _accepted.TryRemove(pod.Metadata.Uid, out _);
        if (configErrors.Count > 0) _waitingForConfig[key] = pod.Metadata.NamespaceProperty;
        else _waitingForConfig.TryRemove(key, out _);
        await RecordStartEventsAsync(running, sim, configErrors).ConfigureAwait(false);
        if (sim.Crash && !sim.Fail) _queue.AddAfter(key, options.CrashBackoff);
        else if (!sim.Fail) await SyncProcessesAsync(key, running).ConfigureAwait(false);
    }

    private async Task RecordStartEventsAsync(V1Pod pod, PodSimulation sim, IReadOnlyDictionary<string, string> configErrors)
    {
        foreach (var c in (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers))
        {
            if (configErrors.TryGetValue(c.Name, out var error)) await RecordConfigErrorAsync(pod, c, error).ConfigureAwait(false);
            else await RecordContainerStartAsync(pod, c).ConfigureAwait(false);
        }
        if (!sim.Crash || sim.Fail) return;
        foreach (var c in pod.Spec.Containers) await RecordBackOffAsync(pod, c.Name).ConfigureAwait(false);
    }

    private async Task RecordContainerStartAsync(V1Pod pod, V1Container c)
    {
        var host = pod.Spec.NodeName;
        await RecordPulledAsync(pod, c).ConfigureAwait(false);
        await events.RecordAsync(pod, EventRecorder.Normal, "Created", $"Created container {c.Name}", Component, host).ConfigureAwait(false);
        await events.RecordAsync(pod, EventRecorder.Normal, "Started", $"Started container {c.Name}", Component, host).ConfigureAwait(false);
    }

    private Task RecordPulledAsync(V1Pod pod, V1Container c)
    {
        var pulled = c.ImagePullPolicy == "Always"
            ? $"Successfully pulled image \"{c.Image}\" in 1.2s (1.2s including waiting). Image size: 72099501 bytes."
            : $"Container image \"{c.Image}\" already present on machine";
        return events.RecordAsync(pod, EventRecorder.Normal, "Pulled", pulled, Component, pod.Spec.NodeName);
    }

    /// <summary>An image changed in the spec: that container is killed and started again, with the events a kubelet records.</summary>
    private async Task RestartChangedAsync(string key, V1Pod pod, IReadOnlyList<V1Container> changed)
    {
        var at = Now();
        var restarted = await UpdateStatusAsync(pod, p =>
        {
            var now = PodStatusTransitions.ChangedImages(p);
            foreach (var c in now) PodStatusTransitions.RestartChanged(p, c, $"containerd://{Hex(64)}", at);
            return now.Count > 0;
        }).ConfigureAwait(false);
        if (restarted is null) return;
        runtime.Set(Runtime(restarted, restarted.Status.StartTime ?? at));
        var host = restarted.Spec.NodeName;
        foreach (var c in changed)
        {
            await events.RecordAsync(restarted, EventRecorder.Normal, "Killing", $"Container {c.Name} definition changed, will be restarted", Component, host).ConfigureAwait(false);
            await RecordContainerStartAsync(restarted, c).ConfigureAwait(false);
        }
        _queue.Add(key);
    }

    private TimeSpan Backoff(int restarts) =>
        TimeSpan.FromTicks((long)Math.Min(options.CrashBackoff.Ticks * Math.Pow(2, Math.Min(restarts, 30)), MaxCrashBackoff.Ticks));

    private async Task TerminateAsync(string key, V1Pod pod)
    {
        var now = time.GetUtcNow();
        var seen = _deleting.GetOrAdd(pod.Metadata.Uid, now);
        processes.Remove(pod.Metadata.Uid);
        if (!PodStatusTransitions.IsTerminated(pod) && pod.Status?.Phase is not ("Failed" or "Succeeded"))
        {
            var stopped = await UpdateStatusAsync(pod, p =>
            {
                if (PodStatusTransitions.IsTerminated(p)) return false;
                PodStatusTransitions.Terminate(p, Now());
                return true;
            }).ConfigureAwait(false);
            if (stopped is not null)
                foreach (var c in stopped.Spec.Containers)
                    await events.RecordAsync(stopped, EventRecorder.Normal, "Killing", $"Stopping container {c.Name}", Component, stopped.Spec.NodeName).ConfigureAwait(false);
        }
        var grace = TimeSpan.FromSeconds(pod.Metadata.DeletionGracePeriodSeconds ?? 0);
        var due = seen + (grace < options.PodTerminationDelay ? grace : options.PodTerminationDelay);
        if (now < due)
        {
            _queue.AddAfter(key, due - now);
            return;
        }
        try
        {
            await store.DeleteAsync(Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, dryRun: false).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
        }
    }

    /// <summary>A status write that applies <paramref name="mutate"/> to the current pod of the same uid; null when it did not apply.</summary>
    private async Task<V1Pod?> UpdateStatusAsync(V1Pod pod, Func<V1Pod, bool> mutate)
    {
        var applied = false;
        try
        {
            var stored = await store.GuaranteedUpdateAsync(Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, current =>
            {
                var p = (V1Pod)current;
                applied = p.Metadata.Uid == pod.Metadata.Uid && mutate(p);
                return p;
            }, WriteOptions.Manager("kubelet"), status: true).ConfigureAwait(false);
            return applied ? (V1Pod)stored.Object : null;
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return null;
        }
    }

    /// <summary>The runtime view of a started pod: each container's environment from the Services that exist now.</summary>
    private PodRuntime Runtime(V1Pod pod, DateTime startedAt)
    {
        var services = ServiceVariables(pod.Metadata.NamespaceProperty, pod.Spec.EnableServiceLinks != false);
        var statuses = (pod.Status?.ContainerStatuses ?? []).ToDictionary(c => c.Name);
        var containers = pod.Spec.Containers.ToDictionary(c => c.Name, c => new ContainerRuntime(
            c.Name, c.Image, statuses.GetValueOrDefault(c.Name)?.ContainerID ?? "",
            MockApiServer.Runtime.ContainerEnvironment.Build(pod, c, services, _config),
            startedAt, statuses.GetValueOrDefault(c.Name)?.RestartCount ?? 0));
        return new PodRuntime(pod.Metadata.Uid, pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Spec.NodeName, pod.Status?.PodIP ?? "", startedAt, containers);
    }

    /// <summary>
    /// The service variables for pods of one namespace, built once per change to any Service (as
    /// the services informer reports it, the kubelet's service lister) and shared by every
    /// container started meanwhile.
    /// </summary>
    private IReadOnlyDictionary<string, string> ServiceVariables(string ns, bool links)
    {
        var version = Interlocked.Read(ref _servicesVersion);
        if (_serviceVariables.TryGetValue((ns, links), out var cached) && cached.Version == version) return cached.Variables;
        var variables = MockApiServer.Runtime.ContainerEnvironment.ServiceVariables(ServiceEnvironment.FromServices(ServiceEnvironment.Select(
            store.Snapshot.List(Services, null).Select(s => (V1Service)s.Object), ns, links)));
        _serviceVariables[(ns, links)] = (version, variables);
        return variables;
    }

    private DateTime Now() => KubeTime.UtcNow(time);

    private string Hex(int length) => string.Concat(Enumerable.Range(0, length).Select(_ => "0123456789abcdef"[random.Next(16)]));

    private static string Key(StoredObject o) => $"{o.Namespace}/{o.Name}";
}
