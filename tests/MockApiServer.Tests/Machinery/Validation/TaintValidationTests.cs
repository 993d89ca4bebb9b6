using MockApiServer.Machinery.Validation;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Machinery.Validation;

public class TaintValidationTests
{
    [Theory]
    [InlineData("NoSchedule")]
    [InlineData("PreferNoSchedule")]
    [InlineData("NoExecute")]
    public void ValidateTaintEffect_KnownEffect_HasNoErrors(string effect) =>
        Assert.Empty(TaintValidation.ValidateTaintEffect(effect, allowEmpty: false, "spec.taints[0].effect"));

    [Fact]
    public void ValidateTaintEffect_EmptyWhenRequired_RequiresItAtPath() =>
        Assert.Equal(["spec.taints[0].effect: Required value"],
            ValidationErrors.Of(TaintValidation.ValidateTaintEffect("", allowEmpty: false, "spec.taints[0].effect")));

    [Fact]
    public void ValidateTaintEffect_Unknown_ListsEffectsInKubernetesOrder()
    {
        var error = Assert.Single(TaintValidation.ValidateTaintEffect("NoRun", allowEmpty: true, "spec.tolerations[1].effect"));

        Assert.Equal(("FieldValueNotSupported", "spec.tolerations[1].effect: Unsupported value: \"NoRun\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""),
            (error.Reason, error.ToString()));
    }
}
