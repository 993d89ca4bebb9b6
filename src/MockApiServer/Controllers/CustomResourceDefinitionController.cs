using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Resources;
using MockApiServer.Resources.CustomResourceDefinitions;
using MockApiServer.Resources.CustomResources;

namespace MockApiServer.Controllers;

/// <summary>
/// apiextensions-apiserver's controllers in one reconciler per CRD: the naming controller
/// (status.acceptedNames and NamesAccepted, against the names other CRDs of the group hold), the
/// establishing controller (Established once the names are accepted — after the kind's routes and
/// discovery are registered, so a client that sees Established can use it), the registration of
/// the served versions in the registry, and the finalizer controller (a deleted CRD's instances
/// are deleted, then its customresourcecleanup finalizer removed, then its kind unregistered).
/// </summary>
public sealed class CustomResourceDefinitionController(ResourceStore store, TimeProvider time, ILogger<CustomResourceDefinitionController> logger) : BackgroundService
{
    private const string Manager = "kube-apiserver";
    private readonly WorkQueue _queue = new(time);
    private readonly Dictionary<string, string> _registered = [];

    private ResourceDefinition Crds => store.Registry.Get(ApiExtensionsResources.Group, "customresourcedefinitions");

    protected override Task ExecuteAsync(CancellationToken ct) => Task.WhenAll(
        new Informer(store, Crds).RunAsync((previous, current) =>
        {
            _queue.Add((current ?? previous)!.Name);
            // A CRD's names are free or taken for the others of its group: they are looked at again.
            var group = ((V1CustomResourceDefinition)(current ?? previous)!.Object).Spec?.Group;
            foreach (var other in store.Snapshot.List(Crds, null))
                if (((V1CustomResourceDefinition)other.Object).Spec?.Group == group && other.Name != (current ?? previous)!.Name) _queue.Add(other.Name);
        }, ct),
        _queue.RunAsync(SyncAsync, logger, ct));

    public async Task SyncAsync(string name, CancellationToken ct)
    {
        if (store.TryGet(Crds, "", name)?.CloneAs<V1CustomResourceDefinition>() is not { } crd)
        {
            Register(name, null, terminating: false);
            return;
        }
        if (crd.Metadata.DeletionTimestamp is not null)
        {
            await FinalizeAsync(crd).ConfigureAwait(false);
            return;
        }
        var (names, accepted, established) = Names(crd);
        if (accepted.Status == "True" && established.Status != "True")
        {
            crd.Status.AcceptedNames = names;
            Register(name, crd, terminating: false);
            established = new V1CustomResourceDefinitionCondition
            {
                Type = "Established",
                Status = "True",
                Reason = "InitialNamesAccepted",
                Message = "the initial names have been accepted",
            };
        }
        else if (CustomResourceDefinitionConditions.IsTrue(crd, "Established"))
        {
            Register(name, crd, terminating: false);
        }
        await UpdateStatusAsync(name, c =>
        {
            var now = KubeTime.UtcNow(time);
            c.Status.AcceptedNames = names;
            CustomResourceDefinitionConditions.Set(c, "NamesAccepted", accepted.Status, accepted.Reason, accepted.Message, now);
            CustomResourceDefinitionConditions.Set(c, "Established", established.Status, established.Reason, established.Message, now);
        }).ConfigureAwait(false);
    }

    /// <summary>naming_controller.go's calculateNamesAndConditions.</summary>
    private (V1CustomResourceDefinitionNames Names, V1CustomResourceDefinitionCondition Accepted, V1CustomResourceDefinitionCondition Established) Names(V1CustomResourceDefinition crd)
    {
        var resources = new HashSet<string>(StringComparer.Ordinal);
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in store.Snapshot.List(Crds, null).Select(o => (V1CustomResourceDefinition)o.Object))
        {
            if (other.Spec?.Group != crd.Spec.Group || other.Metadata.Name == crd.Metadata.Name || other.Status?.AcceptedNames is not { } taken) continue;
            resources.UnionWith(new[] { taken.Plural, taken.Singular }.Concat(taken.ShortNames ?? []).OfType<string>());
            kinds.UnionWith(new[] { taken.Kind, taken.ListKind }.OfType<string>());
        }
        var requested = crd.Spec.Names;
        var current = crd.Status?.AcceptedNames ?? new V1CustomResourceDefinitionNames();
        var names = new V1CustomResourceDefinitionNames
        {
            Plural = current.Plural,
            Singular = current.Singular,
            ShortNames = current.ShortNames,
            Kind = current.Kind,
            ListKind = current.ListKind,
        };
        (string Reason, string Message)? conflict = null;
        if (Fresh(requested.Plural, current.Plural, resources) is { } plural) conflict = ("PluralConflict", plural); else names.Plural = requested.Plural;
        if (Fresh(requested.Singular, current.Singular, resources) is { } singular) conflict = ("SingularConflict", singular); else names.Singular = requested.Singular;
        if (!(requested.ShortNames ?? []).SequenceEqual(current.ShortNames ?? []))
        {
            var errors = (requested.ShortNames ?? []).Where(s => !(current.ShortNames ?? []).Contains(s)).Select(s => Fresh(s, "", resources)).OfType<string>().ToList();
            if (errors.Count > 0) conflict = ("ShortNamesConflict", errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]");
            else names.ShortNames = requested.ShortNames;
        }
        if (Fresh(requested.Kind, current.Kind, kinds) is { } kind) conflict = ("KindConflict", kind); else names.Kind = requested.Kind;
        if (Fresh(requested.ListKind, current.ListKind, kinds) is { } listKind) conflict = ("ListKindConflict", listKind); else names.ListKind = requested.ListKind;
        names.Categories = requested.Categories;
        var accepted = conflict is { } c
            ? new V1CustomResourceDefinitionCondition { Type = "NamesAccepted", Status = "False", Reason = c.Reason, Message = c.Message }
            : new V1CustomResourceDefinitionCondition { Type = "NamesAccepted", Status = "True", Reason = "NoConflicts", Message = "no conflicts found" };
        var established = CustomResourceDefinitionConditions.Find(crd, "Established")
            ?? new V1CustomResourceDefinitionCondition { Type = "Established", Status = "False", Reason = "NotAccepted", Message = "not all names are accepted" };
        if (established.Status != "True" && accepted.Status == "True")
            established = new V1CustomResourceDefinitionCondition { Type = "Established", Status = "False", Reason = "Installing", Message = "the initial names have been accepted" };
        return (names, accepted, established);
    }

    private static string? Fresh(string? requested, string? accepted, HashSet<string> used) =>
        requested == accepted || requested is null || !used.Contains(requested) ? null : $"\"{requested}\" is already in use";

    /// <summary>crd_finalizer.go: instances deleted namespace by namespace, then the finalizer removed.</summary>
    private async Task FinalizeAsync(V1CustomResourceDefinition crd)
    {
        var name = crd.Metadata.Name;
        if (crd.Metadata.Finalizers?.Contains(CustomResourceDefinitionStrategy.CleanupFinalizer) != true) return;
        var established = CustomResourceDefinitionConditions.IsTrue(crd, "Established");
        if (established) Register(name, crd, terminating: true);
        await UpdateStatusAsync(name, c => CustomResourceDefinitionConditions.Set(c, "Terminating", "True", "InstanceDeletionInProgress",
            "CustomResource deletion is in progress", KubeTime.UtcNow(time))).ConfigureAwait(false);
        var (reason, message) = ("NeverEstablished", "resource was never established");
        if (established && store.Registry.FindByGroupResource(name) is { } resource)
        {
            foreach (var ns in store.Snapshot.List(resource, null).Select(o => o.Namespace).Distinct().ToList())
                await store.DeleteCollectionAsync(resource, resource.Namespaced ? ns : null, new ListOptions(), null, dryRun: false).ConfigureAwait(false);
            if (store.Snapshot.Count(resource, null) > 0)
            {
                // Instances held by their own finalizers: look again, as the finalizer controller polls.
                _queue.AddAfter(name, TimeSpan.FromMilliseconds(200));
                return;
            }
            (reason, message) = ("InstanceDeletionCompleted", "removed all instances");
        }
        await UpdateStatusAsync(name, c =>
        {
            CustomResourceDefinitionConditions.Set(c, "Terminating", "False", reason, message, KubeTime.UtcNow(time));
            c.Metadata.Finalizers?.Remove(CustomResourceDefinitionStrategy.CleanupFinalizer);
        }).ConfigureAwait(false);
    }

    /// <summary>Registers (or, for a CRD gone, removes) the served versions; only when what they are built from changed.</summary>
    private void Register(string name, V1CustomResourceDefinition? crd, bool terminating)
    {
        lock (_registered)
        {
            if (crd is null)
            {
                if (!_registered.Remove(name)) return;
                store.Registry.Set(name, []);
                return;
            }
            var key = $"{crd.Metadata.Generation}/{terminating}/{KubeJson.Serialize(crd.Status?.AcceptedNames ?? new())}";
            if (_registered.TryGetValue(name, out var existing) && existing == key) return;
            _registered[name] = key;
            store.Registry.Set(name, CustomResourceKinds.From(crd, terminating));
        }
    }

    private async Task UpdateStatusAsync(string name, Action<V1CustomResourceDefinition> change)
    {
        try
        {
            await store.GuaranteedUpdateAsync(Crds, "", name, current =>
            {
                var crd = (V1CustomResourceDefinition)current;
                crd.Status ??= new V1CustomResourceDefinitionStatus();
                change(crd);
                return crd;
            }, WriteOptions.Manager(Manager), status: true).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }
}
