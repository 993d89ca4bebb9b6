using Microsoft.Extensions.Options;
using MockApiServer.Machinery;

namespace MockApiServer.Hosting;

/// <summary>
/// Registers one component's options class with the options pattern: bound from configuration
/// by the class itself, checked by it when the host starts (ValidateOnStart), and also
/// resolvable as the plain bound value for components that take the class directly.
/// </summary>
public static class ComponentOptions
{
    public static OptionsBuilder<T> AddComponentOptions<T>(this IServiceCollection services, IConfiguration configuration,
        Action<T, IConfiguration> bind, Action<T>? validate = null) where T : class
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        if (validate is not null) services.AddSingleton<IValidateOptions<T>>(new FirstProblem<T>(validate));
        return services.AddOptions<T>().Configure(o => bind(o, configuration)).ValidateOnStart();
    }

    /// <summary>The first bad value a component's check finds, as the one-line message it threw (which names the switch).</summary>
    private sealed class FirstProblem<T>(Action<T> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            try
            {
                validate(options);
                return ValidateOptionsResult.Success;
            }
            catch (Exception e) when (e is OptionsException or FormatException)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}
