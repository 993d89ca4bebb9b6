using Microsoft.Extensions.Configuration;
using MockApiServer.Hosting;

namespace MockApiServer.Tests.Hosting;

/// <summary>--v and the log levels it stands for, under every other configuration source.</summary>
public sealed class LoggingOptionsTests
{
    [Fact]
    public void Verbosity_IsTheVSwitch() =>
        Assert.Equal(4, ConfiguredOptions.Get<LoggingOptions>(ConfiguredOptions.CommandLine("--v=4")).Verbosity);

    [Theory]
    [InlineData("-1")]
    [InlineData("11")]
    [InlineData("debug")]
    public void Verbosity_OutsideKlogsLevels_FailsTheStartNamingTheSwitch(string value) =>
        Assert.Equal($"--v: \"{value}\" is not a whole number between 0 and 10", ConfiguredOptions.StartFailure<LoggingOptions>(("Verbosity", value)));

    [Fact]
    public void LogLevels_ByDefault_AreWarningForAspNetCoreAndEfCore()
    {
        var configuration = new ConfigurationManager();

        LoggingOptions.AddLogLevelDefaults(configuration);

        Assert.Equal("Information", configuration["Logging:LogLevel:Default"]);
        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore"]);
        Assert.Null(configuration["Logging:LogLevel:MockApiServer"]);
    }

    [Fact]
    public void LogLevels_AtVerbosity4_AreInformationForAspNetCoreAndDebugForTheServer()
    {
        var configuration = new ConfigurationManager();
        configuration.AddCommandLine(["--v", "4"], CommandLine.SwitchMappings);

        LoggingOptions.AddLogLevelDefaults(configuration);

        Assert.Equal("Information", configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Equal("Debug", configuration["Logging:LogLevel:MockApiServer"]);
    }

    [Fact]
    public void LogLevels_AnyOtherSource_OverridesThem()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
        configuration.AddCommandLine(["--v", "4", "--Logging:LogLevel:Microsoft.AspNetCore", "Error"], CommandLine.SwitchMappings);

        LoggingOptions.AddLogLevelDefaults(configuration);

        Assert.Equal("Warning", configuration["Logging:LogLevel:Default"]);
        Assert.Equal("Error", configuration["Logging:LogLevel:Microsoft.AspNetCore"]);
        Assert.Equal("Debug", configuration["Logging:LogLevel:MockApiServer"]);
    }
}
