namespace MockApiServer.Runtime.Commands;

/// <summary>The registered commands by name; runs argv as a container runtime would.</summary>
public sealed class ExecCommandRegistry
{
    /// <summary>A shell's and the OCI runtime's code for a program that does not exist.</summary>
    public const int NotFoundExitCode = 127;

    private readonly Dictionary<string, IExecCommand> _byName = new(StringComparer.Ordinal);

    public ExecCommandRegistry(IEnumerable<IExecCommand> commands)
    {
        foreach (var command in commands)
            foreach (var name in command.Names) _byName[name] = command;
    }

    /// <summary>The command for a program name or path ("/bin/sh" finds "sh").</summary>
    public IExecCommand? Find(string program)
    {
        var name = program[(program.LastIndexOf('/') + 1)..];
        return _byName.GetValueOrDefault(name);
    }

    /// <summary>Runs ctx.Args directly (no shell); an unknown program fails as runc reports it, with 127.</summary>
    public async Task<int> RunAsync(ExecContext ctx)
    {
        var program = ctx.Args[0];
        if (Find(program) is { } command) return await command.RunAsync(ctx).ConfigureAwait(false);
        await ctx.Stderr.WriteAsync(
            $"OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown\n").ConfigureAwait(false);
        return NotFoundExitCode;
    }
}
