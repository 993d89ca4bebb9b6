using k8s.Models;
using MockApiServer.Machinery;
using MockApiServer.Networking.Dns;

namespace MockApiServer.Runtime.Commands;

/// <summary>One command's view of its container: argv, environment, standard streams and the cluster it can read.</summary>
public sealed class ExecContext
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public required V1Pod Pod { get; init; }
    public required string ContainerName { get; init; }
    public required ContainerState Container { get; init; }

    /// <summary>argv, the program name first.</summary>
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>The process environment: PATH and HOSTNAME, the container's variables, HOME.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public required TextReader Stdin { get; init; }
    public required TextWriter Stdout { get; init; }
    public required TextWriter Stderr { get; init; }

    /// <summary>Read-only access to the cluster (for commands such as nslookup); commands must not write.</summary>
    public required ResourceStore Store { get; init; }

    /// <summary>The other commands, for ones that run commands (sh, env NAME=value cmd).</summary>
    public required ExecCommandRegistry Commands { get; init; }

    /// <summary>The kubelet's --cluster-domain, as the container's /etc/resolv.conf, /etc/hosts and FQDN use it.</summary>
    public required string ClusterDomain { get; init; }

    /// <summary>The pod's /etc/resolv.conf, as the kubelet wrote it when the container started; lookups search with it.</summary>
    public required ResolvConf ResolvConf { get; init; }

    public bool Tty { get; init; }
    public CancellationToken Cancellation { get; init; }

    /// <summary>The clock <c>sleep</c> and <c>date</c> read (a fake one in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The container instance's writable files.</summary>
    public required ContainerFileSystem Files { get; init; }

    /// <summary>The current directory relative paths resolve against.</summary>
    public string WorkingDirectory { get; init; } = "/";

    /// <summary>An absolute, normalised path for <paramref name="path"/>.</summary>
    public string FullPath(string path) => ContainerFileSystem.Normalize(path, WorkingDirectory);

    /// <summary>A file's content: one written in the container, else one the kubelet manages; null when there is none.</summary>
    public string? ReadFile(string path)
    {
        var full = FullPath(path);
        return Files.Read(full) ?? PodFiles.Read(Pod, full, ResolvConf, ClusterDomain);
    }

    /// <summary>The same container and streams running other argv (optionally with other streams or environment).</summary>
    public ExecContext With(IReadOnlyList<string> args, TextReader? stdin = null, TextWriter? stdout = null, TextWriter? stderr = null,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) => new()
        {
            Pod = Pod,
            ContainerName = ContainerName,
            Container = Container,
            Args = args,
            Environment = environment ?? Environment,
            Stdin = stdin ?? Stdin,
            Stdout = stdout ?? Stdout,
            Stderr = stderr ?? Stderr,
            Store = Store,
            Commands = Commands,
            ClusterDomain = ClusterDomain,
            ResolvConf = ResolvConf,
            Tty = Tty,
            Cancellation = Cancellation,
            Time = Time,
            Files = Files,
            WorkingDirectory = workingDirectory ?? WorkingDirectory,
        };

    /// <summary>What a process in the container sees: the image's PATH, the runtime's HOSTNAME, the kubelet's variables, HOME.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment(ContainerState container)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = DefaultPath,
            ["HOSTNAME"] = container.Hostname,
        };
        foreach (var (k, v) in container.Env) env[k] = v;
        env.TryAdd("HOME", "/root");
        return env;
    }
}
