using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources.CustomResources;

/// <summary>The registry's definitions for a CRD: one per served version, each with the version's own strategy.</summary>
public static class CustomResourceKinds
{
    public static string GroupResource(V1CustomResourceDefinition crd) => StatusErrors.Qualified(crd.Spec.Group, crd.Spec.Names.Plural);

    /// <summary>
    /// The served versions. Objects are stored in the storage version; with None conversion another
    /// version differs only in apiVersion, which this server does not rewrite yet, so only the
    /// storage version is served.
    /// </summary>
    public static IReadOnlyList<ResourceDefinition> From(V1CustomResourceDefinition crd, bool terminating)
    {
        var names = crd.Status?.AcceptedNames ?? crd.Spec.Names;
        return [.. crd.Spec.Versions.Where(v => v.Served && v.Storage).Select(v => new ResourceDefinition
        {
            Group = crd.Spec.Group,
            Version = v.Name,
            Kind = names.Kind,
            Plural = names.Plural,
            SingularName = names.Singular,
            Namespaced = crd.Spec.Scope == "Namespaced",
            ModelType = typeof(CustomObject),
            Strategy = new CustomResourceStrategy(v, terminating),
            ShortNames = [.. names.ShortNames ?? []],
            Categories = [.. names.Categories ?? []],
            IsStorageVersion = v.Storage,
            Schema = v.Schema?.OpenAPIV3Schema is { } schema ? KubeJson.SerializeToNode(schema)!.AsObject() : null,
        })];
    }
}
