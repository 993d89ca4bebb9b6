using MockApiServer.Networking.Routing;

namespace MockApiServer.Tests.Networking.Routing;

public sealed class StatisticProbabilityTests
{
    [Theory]
    [InlineData(2, "0.5000000000")]
    [InlineData(3, "0.3333333333")]
    [InlineData(10, "0.1000000000")]
    public void Written_UsesTenDecimalsAsKubeProxy(int n, string expected) => Assert.Equal(expected, StatisticProbability.Written(1.0 / n));

    [Theory]
    [InlineData(2, "0.50000000000")]
    [InlineData(3, "0.33333333349")]
    [InlineData(4, "0.25000000000")]
    [InlineData(5, "0.20000000019")]
    [InlineData(6, "0.16666666651")]
    [InlineData(7, "0.14285714272")]
    [InlineData(8, "0.12500000000")]
    [InlineData(9, "0.11111111101")]
    [InlineData(10, "0.10000000009")]
    public void Saved_PrintsTheKernelsQuantisedValueAsIptablesSave(int n, string expected) => Assert.Equal(expected, StatisticProbability.Saved(1.0 / n));

    [Fact]
    public void RuleProbabilities_AreOneOverRemainingEndpoints_AndTheLastRuleIsUnconditional()
    {
        var rules = Enumerable.Range(0, 4).Select(i => RouteMatcher.RuleProbability(i, 4)).ToArray();

        Assert.Equal([1.0 / 4, 1.0 / 3, 1.0 / 2, 1.0], rules);
    }

    [Fact]
    public void Candidates_EachHaveOneOverN()
    {
        var endpoints = Enumerable.Range(1, 3).Select(i => new ProxyEndpoint(new ServicePortName("default", "web", ""), "TCP", $"10.244.1.{i}", 80, true, true, false, "node-1", "default", $"web-{i}")).ToList();

        var result = RouteMatcher.Candidates(endpoints);

        Assert.All(result.Candidates, c => Assert.Equal(1.0 / 3, c.Probability, 12));
        Assert.Equal([1.0 / 3, 1.0 / 2, 1.0], result.Candidates.Select(c => c.RuleProbability));
    }
}
