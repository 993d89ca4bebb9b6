using MockApiServer.Runtime.Commands;

namespace MockApiServer.Runtime;

/// <summary>Registration of the container runtime and the commands <c>kubectl exec</c> can run.</summary>
public static class RuntimeRegistration
{
    /// <summary>The default (Pod-derived) runtime and the built-in commands; a kubelet replaces the runtime with its own singleton.</summary>
    public static IServiceCollection AddContainerRuntime(this IServiceCollection services)
    {
        services.AddSingleton<IContainerRuntime, PodSpecContainerRuntime>();
        services.AddSingleton<ExecCommandRegistry>();
        services.AddSingleton<PodDnsLookup>();
        services.AddSingleton<ContainerProcesses>();
        services.AddSingleton<ContainerFileSystems>();
        services.AddSingleton<ContainerContexts>();
        services.AddSingleton<ContainerProber>();
        services.AddSingleton<PodNetwork>();
        services.AddSingleton<PodHttp>();
        services.AddSingleton<BackendHttp>();
        services.AddExecCommand<EnvCommand>()
            .AddExecCommand<PrintenvCommand>()
            .AddExecCommand<HostnameCommand>()
            .AddExecCommand<CatCommand>()
            .AddExecCommand<EchoCommand>()
            .AddExecCommand<TrueCommand>()
            .AddExecCommand<FalseCommand>()
            .AddExecCommand<GrepCommand>()
            .AddExecCommand<NslookupCommand>()
            .AddExecCommand<GetentCommand>()
            .AddExecCommand<CurlCommand>()
            .AddExecCommand<ShCommand>()
            .AddExecCommand<SleepCommand>()
            .AddExecCommand<TailCommand>()
            .AddExecCommand<ServerCommand>()
            .AddExecCommand<EntrypointCommand>()
            .AddExecCommand<AgnhostCommand>()
            .AddExecCommand<HttpEchoCommand>()
            .AddExecCommand<WgetCommand>()
            .AddExecCommand<NcCommand>()
            .AddExecCommand<TouchCommand>()
            .AddExecCommand<RmCommand>()
            .AddExecCommand<MkdirCommand>()
            .AddExecCommand<LsCommand>();
        return services;
    }

    /// <summary>Makes a command runnable through exec (and from <c>sh -c</c>); a later registration of a name wins.</summary>
    public static IServiceCollection AddExecCommand<T>(this IServiceCollection services) where T : class, IExecCommand
    {
        services.AddSingleton<IExecCommand, T>();
        return services;
    }
}
