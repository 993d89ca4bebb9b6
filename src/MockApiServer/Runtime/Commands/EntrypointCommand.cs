namespace MockApiServer.Runtime.Commands;

/// <summary>
/// The images' entrypoint scripts (<c>/docker-entrypoint.sh</c>, <c>/entrypoint.sh</c>): they end
/// with <c>exec "$@"</c>, so the program is their arguments.
/// </summary>
public sealed class EntrypointCommand : IExecCommand
{
    public IReadOnlyList<string> Names { get; } = ["docker-entrypoint.sh", "entrypoint.sh"];

    public Task<int> RunAsync(ExecContext ctx) =>
        ctx.Args.Count < 2 ? Task.FromResult(0) : ctx.Commands.RunAsync(ctx.With([.. ctx.Args.Skip(1)]));
}
