using k8s;
using k8s.Models;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.CustomResources;

public sealed class CustomResourceDefinitionTests(MockApiServerFactory factory) : IClassFixture<MockApiServerFactory>
{
    private readonly IKubernetes _client = factory.Client;

    [Fact]
    public async Task Create_SetsNamesAcceptedAndEstablished_AndDefaultsNames()
    {
        var group = Crds.Group();

        var crd = await Crds.InstallAsync(_client, Crds.Website(group));

        Assert.Equal("website", crd.Spec.Names.Singular);
        Assert.Equal("WebsiteList", crd.Spec.Names.ListKind);
        Assert.Equal("None", crd.Spec.Conversion.Strategy);
        Assert.Equal(["v1"], crd.Status.StoredVersions);
        Assert.Equal("websites", crd.Status.AcceptedNames.Plural);
        var accepted = crd.Status.Conditions.Single(c => c.Type == "NamesAccepted");
        Assert.Equal(("True", "NoConflicts", "no conflicts found"), (accepted.Status, accepted.Reason, accepted.Message));
        var established = crd.Status.Conditions.Single(c => c.Type == "Established");
        Assert.Equal(("True", "InitialNamesAccepted", "the initial names have been accepted"), (established.Status, established.Reason, established.Message));
    }

    [Fact]
    public async Task Create_WithWrongNameAndTwoStorageVersions_ReturnsInvalidWithFieldPaths()
    {
        var crd = Crds.Website("example.org");
        crd.Metadata.Name = "sites.example.org";
        crd.Spec.Versions.Add(new V1CustomResourceDefinitionVersion { Name = "v2", Served = true, Storage = true, Schema = crd.Spec.Versions[0].Schema });

        var status = await StatusAssert.FailsAsync(() => _client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd), 422, "Invalid");

        Assert.Equal("apiextensions.k8s.io", status.Details.Group);
        Assert.Equal("CustomResourceDefinition", status.Details.Kind);
        Assert.Contains(status.Details.Causes, c => c.Field == "metadata.name" && c.Message == "Invalid value: \"sites.example.org\": must be spec.names.plural+\".\"+spec.group");
        Assert.Contains(status.Details.Causes, c => c.Field == "spec.versions" && c.Message.EndsWith(": must have exactly one version marked as storage version", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_WithSchemaWithoutTypes_ReportsStructuralErrors()
    {
        var group = Crds.Group();
        var crd = Crds.Website(group);
        crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["host"].Type = null;
        crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["replicas"].Type = "int";

        var status = await StatusAssert.FailsAsync(() => _client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd), 422, "Invalid");

        Assert.Contains(status.Details.Causes, c => c.Field == "spec.validation.openAPIV3Schema.properties[spec].properties[host].type"
            && c.Message == "Required value: must not be empty for specified object fields");
        Assert.Contains(status.Details.Causes, c => c.Field == "spec.validation.openAPIV3Schema.properties[spec].properties[replicas].type"
            && c.Message == "Unsupported value: \"int\": supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"");
    }

    [Fact]
    public async Task Create_WithWebhookConversion_IsRefusedNamingTheField()
    {
        var crd = Crds.Website(Crds.Group());
        crd.Spec.Conversion = new V1CustomResourceConversion { Strategy = "Webhook" };

        var status = await StatusAssert.FailsAsync(() => _client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd), 422, "Invalid");

        Assert.Contains(status.Details.Causes, c => c.Field == "spec.conversion.strategy" && c.Message == "Unsupported value: \"Webhook\": supported values: \"None\"");
    }

    [Fact]
    public async Task SecondCrd_WithTakenShortNameInGroup_IsNotAccepted()
    {
        var group = Crds.Group();
        await Crds.InstallAsync(_client, Crds.Website(group));
        var other = Crds.Website(group);
        other.Metadata.Name = $"blogs.{group}";
        other.Spec.Names = new V1CustomResourceDefinitionNames { Plural = "blogs", Kind = "Blog", ShortNames = ["ws"] };

        await _client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(other);
        var crd = await Poll.UntilAsync(() => _client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(other.Metadata.Name),
            c => c.Status?.Conditions?.Any(x => x.Type == "NamesAccepted") == true);

        var accepted = crd.Status.Conditions.Single(c => c.Type == "NamesAccepted");
        Assert.Equal(("False", "ShortNamesConflict", "\"ws\" is already in use"), (accepted.Status, accepted.Reason, accepted.Message));
        Assert.Equal("NotAccepted", crd.Status.Conditions.Single(c => c.Type == "Established").Reason);
    }

    [Fact]
    public async Task Delete_RemovesInstancesFirst_ThenTheCrdAndItsRoutes()
    {
        var group = Crds.Group();
        await Crds.InstallAsync(_client, Crds.Website(group));
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(Crds.Site(group, "blog", "blog.example.com", 2), group, "v1", "default", "websites");

        await _client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync($"websites.{group}");

        await Poll.UntilAsync(async () => (await _client.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Items.Any(c => c.Metadata.Name == $"websites.{group}"), present => !present);
        // The kind goes when the controller sees the CRD gone, a moment after the delete, as upstream.
        var groups = await Poll.UntilAsync(() => _client.Apis.GetAPIVersionsAsync(), g => g.Groups.All(x => x.Name != group));
        Assert.DoesNotContain(groups.Groups, g => g.Name == group);
        // Discovery and the route table follow the registry one after the other: the path 404s once both have.
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await _client.CustomObjects.ListNamespacedCustomObjectAsync(group, "v1", "default", "websites");
                return 200;
            }
            catch (k8s.Autorest.HttpOperationException e)
            {
                return (int)e.Response.StatusCode;
            }
        }, code => code == 404);
        await StatusAssert.FailsAsync(() => _client.CustomObjects.ListNamespacedCustomObjectAsync(group, "v1", "default", "websites"), 404, "NotFound");
    }

    [Fact]
    public async Task Delete_WithInstanceHeldByFinalizer_IsTerminatingAndRefusesCreates()
    {
        var group = Crds.Group();
        await Crds.InstallAsync(_client, Crds.Website(group));
        var held = (Dictionary<string, object>)Crds.Site(group, "held", "a.example.com", 1);
        ((Dictionary<string, object>)held["metadata"])["finalizers"] = new[] { "example.com/hold" };
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(held, group, "v1", "default", "websites");

        await _client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync($"websites.{group}");
        var crd = await Poll.UntilAsync(() => _client.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"websites.{group}"),
            c => c.Status.Conditions.Any(x => x.Type == "Terminating" && x.Reason == "InstanceDeletionInProgress"));

        Assert.Contains("customresourcecleanup.apiextensions.k8s.io", crd.Metadata.Finalizers);
        Assert.NotNull(crd.Metadata.DeletionTimestamp);
        await StatusAssert.FailsAsync(() => _client.CustomObjects.CreateNamespacedCustomObjectAsync(Crds.Site(group, "late", "b.example.com", 1), group, "v1", "default", "websites"),
            405, "MethodNotAllowed", "create not allowed while custom resource definition is terminating");

        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), group, "v1", "default", "websites", "held");
        await Poll.UntilAsync(async () => (await _client.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Items.Any(c => c.Metadata.Name == $"websites.{group}"), present => !present);
    }
}
