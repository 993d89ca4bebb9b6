using MockApiServer.Machinery.Validation;
using MockApiServer.Tests.Infrastructure;

namespace MockApiServer.Tests.Machinery.Validation;

public class PortValidationTests
{
    private const string Path = "spec.template.spec.containers[0].ports[0].protocol";

    [Theory]
    [InlineData("TCP")]
    [InlineData("UDP")]
    [InlineData("SCTP")]
    public void ValidateProtocol_KnownProtocol_HasNoErrors(string protocol) => Assert.Empty(PortValidation.ValidateProtocol(protocol, Path));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ValidateProtocol_Missing_RequiresItAtPath(string? protocol) =>
        Assert.Equal([$"{Path}: Required value"], ValidationErrors.Of(PortValidation.ValidateProtocol(protocol, Path)));

    [Fact]
    public void ValidateProtocol_Unknown_ReportsSortedSupportedValuesAtPath() =>
        Assert.Equal([$"{Path}: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""],
            ValidationErrors.Of(PortValidation.ValidateProtocol("HTTP", Path)));

    [Theory]
    [InlineData("8080")]
    [InlineData("http")]
    [InlineData("web-8080")]
    public void ValidatePortNumOrName_NumberOrServiceName_HasNoErrors(string value) =>
        Assert.Empty(PortValidation.ValidatePortNumOrName(value, "spec.ports[0].targetPort"));

    [Theory]
    [InlineData("0", "0")]
    [InlineData("65536", "65536")]
    [InlineData(null, "0")]
    public void ValidatePortNumOrName_OutOfRangeNumber_ReportsRangeWithNumber(string? value, string rendered) =>
        Assert.Equal([$"spec.ports[0].targetPort: Invalid value: {rendered}: must be between 1 and 65535, inclusive"],
            ValidationErrors.Of(PortValidation.ValidatePortNumOrName(value, "spec.ports[0].targetPort")));

    [Fact]
    public void ValidatePortNumOrName_BadName_ReportsEveryIanaRuleWithQuotedName() =>
        Assert.Equal([
            "spec.ports[0].targetPort: Invalid value: \"-web--server-long\": must be no more than 15 characters",
            "spec.ports[0].targetPort: Invalid value: \"-web--server-long\": must not contain consecutive hyphens",
            "spec.ports[0].targetPort: Invalid value: \"-web--server-long\": must not begin or end with a hyphen",
        ], ValidationErrors.Of(PortValidation.ValidatePortNumOrName("-web--server-long", "spec.ports[0].targetPort")));

    [Fact]
    public void ValidatePortNumOrName_UppercaseName_ReportsCharactersAndMissingLetter() =>
        Assert.Equal([
            "p: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "p: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
        ], ValidationErrors.Of(PortValidation.ValidatePortNumOrName("HTTP", "p")));
}
