using k8s.Models;
using MockApiServer.Machinery.Validation;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Machinery.Validation;

public class ObjectMetaValidationTests
{
    private const string QualifiedNameRule =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueRule =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    [Fact]
    public void ValidateLabels_Null_HasNoErrors() => Assert.Empty(ObjectMetaValidation.ValidateLabels(null, "spec.selector"));

    [Fact]
    public void ValidateLabels_ValidSelector_HasNoErrors() =>
        Assert.Empty(ObjectMetaValidation.ValidateLabels(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "web", ["tier"] = "" }, "spec.selector"));

    [Fact]
    public void ValidateLabels_BadSelectorKey_ReportsKeyAtMapPath() =>
        Assert.Equal([$"spec.selector: Invalid value: \"-app\": {QualifiedNameRule}"],
            ValidationErrors.Of(ObjectMetaValidation.ValidateLabels(new Dictionary<string, string> { ["-app"] = "web" }, "spec.selector")));

    [Fact]
    public void ValidateLabels_BadSelectorValue_ReportsValueAtMapPath() =>
        Assert.Equal([$"spec.template.spec.nodeSelector: Invalid value: \"gpu!\": {LabelValueRule}"],
            ValidationErrors.Of(ObjectMetaValidation.ValidateLabels(new Dictionary<string, string> { ["accel"] = "gpu!" }, "spec.template.spec.nodeSelector")));

    [Fact]
    public void ValidateLabels_OverlongValue_ReportsLength() =>
        Assert.Equal([$"spec.selector: Invalid value: \"{new string('a', 64)}\": must be no more than 63 characters"],
            ValidationErrors.Of(ObjectMetaValidation.ValidateLabels(new Dictionary<string, string> { ["app"] = new string('a', 64) }, "spec.selector")));

    [Fact]
    public void ValidateLabelsAndAnnotations_TemplateMetadata_ReportsUnderTemplatePath()
    {
        var meta = new V1ObjectMeta
        {
            Labels = new Dictionary<string, string> { ["-app"] = "web" },
            Annotations = new Dictionary<string, string> { ["a/b/c"] = "x" },
        };

        var fields = ObjectMetaValidation.ValidateLabelsAndAnnotations(meta, "spec.template.metadata").Select(e => e.Field);

        Assert.Equal(["spec.template.metadata.labels", "spec.template.metadata.annotations"], fields);
    }

    [Fact]
    public void ValidateLabelsAndAnnotations_UppercaseAnnotationKey_IsValid() =>
        Assert.Empty(ObjectMetaValidation.ValidateLabelsAndAnnotations(
            new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["Example.COM/Owner"] = "team-a" } }, "metadata"));

    [Fact]
    public void ValidateLabelsAndAnnotations_AnnotationsOverTotalLimit_ReportsTooLong()
    {
        var meta = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["big"] = new string('x', ObjectMetaValidation.TotalAnnotationSizeLimitB) } };

        var error = Assert.Single(ObjectMetaValidation.ValidateLabelsAndAnnotations(meta, "metadata"));

        Assert.Equal(("FieldValueTooLong", "metadata.annotations: Too long: must have at most 262144 bytes"), (error.Reason, error.ToString()));
    }
}
