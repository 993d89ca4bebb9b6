using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources;

/// <summary>apiextensions.k8s.io/v1: CustomResourceDefinitions; their instances are registered at run time by the CRD controller.</summary>
public static class ApiExtensionsResources
{
    public const string Group = "apiextensions.k8s.io";

    public static ResourceRegistry AddApiExtensionsResources(this ResourceRegistry registry)
    {
        // After a restart, an established CRD's kind is registered as the cache loads, so its stored instances load with it.
        registry.KindsDefinedBy = stored => stored.Object is V1CustomResourceDefinition crd && CustomResourceDefinitions.CustomResourceDefinitionConditions.IsTrue(crd, "Established")
            ? CustomResources.CustomResourceKinds.From(crd, terminating: crd.Metadata.DeletionTimestamp is not null)
            : [];
        return registry.Add(new ResourceDefinition
        {
            Group = Group,
            Version = "v1",
            Kind = "CustomResourceDefinition",
            Plural = "customresourcedefinitions",
            Namespaced = false,
            ModelType = typeof(V1CustomResourceDefinition),
            Strategy = new CustomResourceDefinitions.CustomResourceDefinitionStrategy(),
            ShortNames = ["crd", "crds"],
        });
    }
}
