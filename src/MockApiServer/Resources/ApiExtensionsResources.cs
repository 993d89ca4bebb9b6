using k8s.Models;
using MockApiServer.Machinery;

namespace MockApiServer.Resources;

/// <summary>apiextensions.k8s.io/v1: CustomResourceDefinitions; their instances are registered at run time by the CRD controller.</summary>
public static class ApiExtensionsResources
{
    public const string Group = "apiextensions.k8s.io";

    public static ResourceRegistry AddApiExtensionsResources(this ResourceRegistry registry) => registry
        .Add(new ResourceDefinition
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
