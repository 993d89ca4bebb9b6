using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Testing;

/// <summary>
/// The objects the server had when it started, by UID; what <see cref="MockApiServerFixture.ResetAsync"/>
/// keeps. Everything else of the covered kinds is a test's leftover.
/// </summary>
internal sealed class ClusterBaseline
{
    /// <summary>The kinds a reset cleans up: namespaces, nodes, pods, Services, Endpoints, Events.</summary>
    private static readonly (string Group, string Plural)[] CoveredKinds =
        [("", "namespaces"), ("", "nodes"), ("", "pods"), ("", "services"), ("", "endpoints"), ("", "events")];

    private readonly HashSet<string> _uids;

    private ClusterBaseline(HashSet<string> uids) => _uids = uids;

    /// <summary>
    /// The covered kinds' objects in the store's committed snapshot, read in process: one revision,
    /// and none of the client round trips (six lists, each type's first deserialisation) that
    /// would otherwise stand between the server's start and a test's first request.
    /// </summary>
    public static ClusterBaseline Capture(ResourceStore store)
    {
        var snapshot = store.Snapshot;
        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (group, plural) in CoveredKinds)
        {
            foreach (var stored in snapshot.List(store.Registry.Get(group, plural), null)) uids.Add(stored.Object.Metadata.Uid);
        }
        return new ClusterBaseline(uids);
    }

    /// <summary>Deletes what is new: pods first and at once (grace 0, so a frozen fake clock cannot stall them), then the rest.</summary>
    public async Task DeleteNewObjectsAsync(IKubernetes client, CancellationToken ct)
    {
        var core = client.CoreV1;
        var pods = await core.ListPodForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false);
        await Task.WhenAll(New(pods.Items).Select(p => IgnoreGoneAsync(core.DeleteNamespacedPodAsync(p.Name(), p.Namespace(), gracePeriodSeconds: 0, cancellationToken: ct)))).ConfigureAwait(false);

        var services = await core.ListServiceForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false);
        var endpoints = await core.ListEndpointsForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false);
        var namespaces = await core.ListNamespaceAsync(cancellationToken: ct).ConfigureAwait(false);
        var nodes = await core.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false);
        await Task.WhenAll(
            New(services.Items).Select(s => IgnoreGoneAsync(core.DeleteNamespacedServiceAsync(s.Name(), s.Namespace(), cancellationToken: ct)))
            .Concat(NewEndpoints(endpoints.Items, services.Items).Select(e => IgnoreGoneAsync(core.DeleteNamespacedEndpointsAsync(e.Name(), e.Namespace(), cancellationToken: ct))))
            .Concat(New(namespaces.Items).Where(n => n.Metadata.DeletionTimestamp is null).Select(n => IgnoreGoneAsync(core.DeleteNamespaceAsync(n.Name(), cancellationToken: ct))))
            .Concat(New(nodes.Items).Select(n => IgnoreGoneAsync(core.DeleteNodeAsync(n.Name(), cancellationToken: ct))))).ConfigureAwait(false);
        await DeleteNewEventsAsync(client, ct).ConfigureAwait(false);
    }

    public async Task DeleteNewEventsAsync(IKubernetes client, CancellationToken ct)
    {
        var events = await client.CoreV1.ListEventForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false);
        await Task.WhenAll(New(events.Items).Select(e => IgnoreGoneAsync(client.CoreV1.DeleteNamespacedEventAsync(e.Name(), e.Namespace(), cancellationToken: ct)))).ConfigureAwait(false);
    }

    /// <summary>True once no namespace, node, pod, Service or Endpoints is left besides the baseline (events are swept after).</summary>
    public async Task<bool> IsRestoredAsync(IKubernetes client, CancellationToken ct)
    {
        var core = client.CoreV1;
        if (New((await core.ListNamespaceAsync(cancellationToken: ct).ConfigureAwait(false)).Items).Any()) return false;
        if (New((await core.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false)).Items).Any()) return false;
        if (New((await core.ListPodForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false)).Items).Any()) return false;
        var services = (await core.ListServiceForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false)).Items;
        if (New(services).Any()) return false;
        return !NewEndpoints((await core.ListEndpointsForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false)).Items, services).Any();
    }

    /// <summary>
    /// New Endpoints, leaving out those of the seeded Services: the endpoints controller owns them
    /// and may (re)write them at any time, so they are not a test's leftovers.
    /// </summary>
    private IEnumerable<V1Endpoints> NewEndpoints(IEnumerable<V1Endpoints> endpoints, IEnumerable<V1Service> services)
    {
        var seeded = services.Where(s => _uids.Contains(s.Metadata.Uid)).Select(s => (s.Namespace(), s.Name())).ToHashSet();
        return New(endpoints).Where(e => !seeded.Contains((e.Namespace(), e.Name())));
    }

    private IEnumerable<T> New<T>(IEnumerable<T> items) where T : IMetadata<V1ObjectMeta> =>
        items.Where(i => !_uids.Contains(i.Metadata.Uid));

    private static async Task IgnoreGoneAsync<T>(Task<T> delete)
    {
        try
        {
            await delete.ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
        }
    }
}
