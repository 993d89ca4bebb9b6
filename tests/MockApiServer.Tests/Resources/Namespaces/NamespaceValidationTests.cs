using k8s.Models;
using MockApiServer.Resources.Namespaces;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Resources.Namespaces;

public class NamespaceValidationTests
{
    private static IReadOnlyList<string> Validate(params string[] finalizers) =>
        ValidationErrors.Of(NamespaceValidation.ValidateCreate(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" }, Spec = new V1NamespaceSpec { Finalizers = finalizers } }));

    [Fact]
    public void Validate_StandardAndQualifiedFinalizers_AreValid() => Assert.Empty(Validate("kubernetes", "example.com/cleanup"));

    [Fact]
    public void Validate_UnqualifiedNonStandardFinalizer_ReportsAtListPath() =>
        Assert.Equal(["spec.finalizers: Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified"], Validate("cleanup"));

    [Fact]
    public void Validate_FinalizerWithBadPrefix_ReportsQualifiedName() =>
        Assert.Equal(["spec.finalizers: Invalid value: \"Example_com/x\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            Validate("Example_com/x"));
}
