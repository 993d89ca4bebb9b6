using MockApiServer.Hosting;

namespace MockApiServer.Tests.Hosting;

/// <summary><c>mockapiserver --help</c>: generated from the switches the server parses, with each default read from its options class.</summary>
public sealed class HelpTextTests
{
    [Fact]
    public void Help_ListsEverySwitchTheServerParses()
    {
        var lines = HelpText.Render().Split('\n');
        foreach (var option in CommandLine.Options)
            Assert.Contains(lines, l => l.StartsWith($"  {option.Switch} ", StringComparison.Ordinal) && l.Contains($"key {option.Key};", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--db", "mockapi.db")]
    [InlineData("--nodes", "3")]
    [InlineData("--dns-port", "10053")]
    [InlineData("--pod-termination-delay", "500ms")]
    [InlineData("--min-request-timeout", "30m")]
    [InlineData("--repair-services-interval", "3m")]
    [InlineData("--service-cluster-ip-range", "10.96.0.0/12")]
    public void Help_ShowsTheOptionsClassDefault(string sw, string expected) =>
        Assert.Contains(HelpText.Render().Split('\n'), l => l.StartsWith($"  {sw} ", StringComparison.Ordinal) && l.TrimEnd().EndsWith($"default: {expected}", StringComparison.Ordinal));

    [Fact]
    public void HelpAndVersion_AreHandledBeforeTheServerStarts()
    {
        var output = new StringWriter();
        Assert.True(HelpText.TryHandle(["--version"], output));
        Assert.Matches(@"^mockapiserver \d+\.\d+\.\d+", output.ToString());
        Assert.False(HelpText.TryHandle(["--nodes", "2"], TextWriter.Null));
    }
}
