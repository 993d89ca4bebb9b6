using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MockApiServer.Hosting;
using MockApiServer.Machinery;

namespace MockApiServer.Tests.Hosting;

/// <summary>A component's options as the server binds them from configuration (the real registration, nothing started).</summary>
public static class ConfiguredOptions
{
    public static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    public static IConfiguration CommandLine(params string[] args) =>
        new ConfigurationBuilder().AddCommandLine(args, MockApiServer.Hosting.CommandLine.SwitchMappings).Build();

    /// <summary>What a component gets; throws what the start would throw for a bad value.</summary>
    public static T Get<T>(IConfiguration configuration) where T : class
    {
        using var provider = new ServiceCollection().AddMockApiServer(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }

    public static T Get<T>(params (string Key, string Value)[] settings) where T : class => Get<T>(Settings(settings));

    /// <summary>The one-line message a start with these settings fails with.</summary>
    public static string StartFailure<T>(params (string Key, string Value)[] settings) where T : class
    {
        var e = Assert.ThrowsAny<Exception>(() => Get<T>(settings));
        Assert.True(e is OptionsException or OptionsValidationException, $"not an options failure: {e}");
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }
}
