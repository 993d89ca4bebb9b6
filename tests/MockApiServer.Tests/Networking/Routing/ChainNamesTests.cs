using MockApiServer.Networking.Routing;

namespace MockApiServer.Tests.Networking.Routing;

public sealed class ChainNamesTests
{
    [Theory]
    [InlineData("default", "kubernetes", "https", "TCP", "KUBE-SVC-NPX46M4PTMTKRN6Y")]
    [InlineData("kube-system", "kube-dns", "dns", "UDP", "KUBE-SVC-TCOU7JCQXEZGVUNU")]
    [InlineData("kube-system", "kube-dns", "dns-tcp", "TCP", "KUBE-SVC-ERIFXISQEP7F7OF4")]
    [InlineData("kube-system", "kube-dns", "metrics", "TCP", "KUBE-SVC-JD5MR3NA4I4DYORP")]
    [InlineData("default", "web", "http", "TCP", "KUBE-SVC-CDGGSHYLG3RE2FKL")]
    public void ServiceChain_HashesServicePortNameAndLowerCaseProtocol(string ns, string name, string port, string protocol, string expected) =>
        Assert.Equal(expected, ChainNames.ServiceChain(new ServicePortName(ns, name, port), protocol));

    [Theory]
    [InlineData("10.244.1.5:8080", "KUBE-SEP-AFGSLHOD2HFNCBX4")]
    [InlineData("10.244.2.7:8080", "KUBE-SEP-2RIJ5GIYXEFH6G4D")]
    public void EndpointChain_AddsTheEndpointToTheHash(string endpoint, string expected) =>
        Assert.Equal(expected, ChainNames.EndpointChain(new ServicePortName("default", "web", "http"), "TCP", endpoint));

    [Fact]
    public void ServicePortChains_ShareOneSuffix()
    {
        var name = new ServicePortName("default", "web", "http");

        Assert.Equal("KUBE-EXT-CDGGSHYLG3RE2FKL", ChainNames.ExternalChain(name, "TCP"));
        Assert.Equal("KUBE-SVL-CDGGSHYLG3RE2FKL", ChainNames.LocalServiceChain(name, "TCP"));
        Assert.Equal("KUBE-FW-CDGGSHYLG3RE2FKL", ChainNames.FirewallChain(name, "TCP"));
    }

    [Fact]
    public void ServicePortName_OmitsAnUnnamedPort()
    {
        Assert.Equal("default/my-svc", new ServicePortName("default", "my-svc", "").ToString());
        Assert.Equal("default/kubernetes:https", new ServicePortName("default", "kubernetes", "https").ToString());
    }
}
